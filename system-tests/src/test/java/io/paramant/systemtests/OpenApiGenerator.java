package io.paramant.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * openapi-generator's command line ({@code java -jar openapi-generator-cli.jar}, the version of the
 * system-tests pom, copied to {@code target/openapi-generator} by the build: property {@code
 * paramant.openapiGenerator}), and the few other programs the OpenAPI tests run as subprocesses.
 * Only the live document is ever given to the generator: {@link #documentUrl()}.
 */
final class OpenApiGenerator {

  private OpenApiGenerator() {}

  /** The document as the relay of sector main serves it. */
  static String documentUrl() {
    return Deployment.baseUri(Deployment.MAIN).resolve("openapi").toString();
  }

  /** Where the generated clients and their build output go ({@code target/generated-clients}). */
  static Path workDir() {
    String property = System.getProperty("paramant.generatedClients", "");
    Path dir =
        property.isBlank() || property.contains("${")
            ? Deployment.repoRoot().resolve("system-tests/target/generated-clients")
            : Path.of(property);
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The generator's jar; fails with what to do if the build did not copy it. */
  static Path jar() {
    String property = System.getProperty("paramant.openapiGenerator", "");
    Path jar =
        property.isBlank() || property.contains("${")
            ? Deployment.repoRoot()
                .resolve("system-tests/target/openapi-generator/openapi-generator-cli.jar")
            : Path.of(property);
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "openapi-generator-cli.jar is missing at "
              + jar
              + ": run the system tests with Maven (mvn verify -pl system-tests -am), whose"
              + " pre-integration-test phase copies it from Maven Central");
    }
    return jar;
  }

  /**
   * {@code java -jar openapi-generator-cli.jar ARGS} with the JDK running the tests; returns its
   * output (standard output and error), or fails with it if the exit code is not 0.
   */
  static String run(Path dir, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar().toString());
    command.addAll(List.of(args));
    return exec(command, dir, Map.of(), Duration.ofMinutes(3));
  }

  /**
   * Runs a program; returns its standard output and error (merged), or fails with them if the exit
   * code is not 0 or it does not end within {@code timeout}.
   */
  static String exec(List<String> command, Path dir, Map<String, String> env, Duration timeout) {
    ProcessResult result = execAllowingFailure(command, dir, env, timeout);
    if (result.exitCode() != 0) {
      throw new AssertionError(
          String.join(" ", command)
              + " exited with "
              + result.exitCode()
              + ":\n"
              + tail(result.output()));
    }
    return result.output();
  }

  record ProcessResult(int exitCode, String output) {}

  /** Like {@link #exec}, with the exit code returned instead of checked. */
  static ProcessResult execAllowingFailure(
      List<String> command, Path dir, Map<String, String> env, Duration timeout) {
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().putAll(env);
    builder.redirectErrorStream(true);
    Path log;
    try {
      log = Files.createTempFile(dir, "process-", ".log");
      builder.redirectOutput(log.toFile());
      Process process;
      try {
        process = builder.start();
      } catch (IOException e) {
        throw new AssertionError(
            "cannot run " + command.get(0) + " (is it installed and on the PATH?): " + e, e);
      }
      if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new AssertionError(
            String.join(" ", command)
                + " did not end within "
                + timeout
                + ":\n"
                + tail(Files.readString(log, StandardCharsets.UTF_8)));
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      Files.delete(log);
      return new ProcessResult(process.exitValue(), output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String tail(String text) {
    return text.length() <= 6000 ? text : "…" + text.substring(text.length() - 6000);
  }
}
