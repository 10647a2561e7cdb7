package io.paramant.systemtests;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the operator's launcher, {@code server-config/paramant} (or another of the product's
 * commands, e.g. {@code bin/paramant admin}), exactly as an operator would, with the deployment's
 * environment. Its output (progress, and the relay's log tail when a boot fails) is appended to
 * {@code launcher.log} in the data directory, except the API keys that {@code user add} prints; its
 * standard output is returned.
 */
final class ParamantCommand {

  private final Path script;
  private final Map<String, String> environment;
  private final Path log;
  private volatile Process running;

  ParamantCommand(Path script, Map<String, String> environment, Path log) {
    this.script = script;
    this.environment = Map.copyOf(environment);
    this.log = log;
  }

  /**
   * Removes from a process environment what an operator's shell may hold that would change what a
   * launcher test checks: every {@code PARAMANT_*} setting and the secrets.
   */
  static void dropOperatorSettings(Map<String, String> environment) {
    environment
        .keySet()
        .removeIf(
            k ->
                k.startsWith("PARAMANT_")
                    || k.equals("ADMIN_TOKEN")
                    || k.equals("PLK_KEY")
                    || k.equals("ADMIN_TOTP_SECRET"));
  }

  /** Runs {@code paramant ARGS...}; returns its standard output, or throws if it fails. */
  String run(Duration timeout, String... args) {
    List<String> command = new ArrayList<>();
    command.add(script.toString());
    command.addAll(List.of(args));
    Path out = null;
    try {
      Files.createDirectories(log.getParent());
      out = Files.createTempFile(log.getParent(), "paramant-", ".out");
      Files.writeString(
          log,
          "$ paramant " + String.join(" ", args) + System.lineSeparator(),
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(script.getParent().getParent().toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectOutput(out.toFile())
              .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().clear();
      builder.environment().putAll(environment);
      Process process = builder.start();
      running = process;
      if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "paramant " + String.join(" ", args) + " did not finish within " + timeout + tail());
      }
      String stdout = Files.readString(out, StandardCharsets.UTF_8).strip();
      // the API key that `paramant user add` (and `bin/paramant admin add`) prints stays out of the
      // log
      boolean secret =
          args.length > 1
              && (args[0].equals("user") || args[0].equals("admin"))
              && args[1].equals("add");
      if (!secret && !stdout.isEmpty()) {
        Files.writeString(
            log,
            stdout + System.lineSeparator(),
            StandardCharsets.UTF_8,
            StandardOpenOption.APPEND);
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "paramant "
                + String.join(" ", args)
                + " failed (exit "
                + process.exitValue()
                + ")"
                + tail());
      }
      return stdout;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + script, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running paramant", e);
    } finally {
      running = null;
      if (out != null) {
        try {
          Files.deleteIfExists(out);
        } catch (IOException ignored) {
          // a leftover temp file in target/ is harmless
        }
      }
    }
  }

  /** Ends the command that is running now, if any (a shutdown must not wait for a boot). */
  void abort() {
    Process process = running;
    if (process != null) {
      process.destroy();
    }
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return "; last lines of "
          + log
          + ":"
          + System.lineSeparator()
          + String.join(
              System.lineSeparator(), lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "; see " + log;
    }
  }
}
