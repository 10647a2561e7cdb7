package io.paramant.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Installs what a test needs from Debian when it is missing, the way the tests' set-up promises
 * (README, "Test"): Chromium for the browser tests, nginx for NginxIT. A test whose tool cannot be
 * installed fails, naming what to install; none skips itself.
 *
 * <p>Services are not started: while apt-get runs, a {@code policy-rc.d} that says no is put in
 * place unless one exists (Debian would otherwise start nginx on *:80), and removed afterwards.
 */
final class DebianPackages {

  private static final Path POLICY = Path.of("/usr/sbin/policy-rc.d");

  private DebianPackages() {}

  /**
   * Makes sure every one of {@code needed} is an executable file, installing {@code packages} with
   * apt-get when one is not.
   *
   * @param why for the error message: what needs them
   */
  static synchronized void ensure(String why, List<Path> needed, String... packages) {
    if (needed.stream().allMatch(Files::isExecutable)) {
      return;
    }
    boolean ownPolicy = false;
    try {
      if (!Files.exists(POLICY)) {
        Files.writeString(POLICY, "#!/bin/sh\nexit 101\n");
        POLICY.toFile().setExecutable(true, false);
        ownPolicy = true;
      }
      run(why, packages, List.of("apt-get", "update", "-qq"));
      List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y", "-qq"));
      install.addAll(List.of(packages));
      run(why, packages, install);
    } catch (IOException e) {
      throw new IllegalStateException(
          why + " needs " + String.join(" ", packages) + " (apt-get install: run as root): " + e,
          e);
    } finally {
      if (ownPolicy) {
        POLICY.toFile().delete();
      }
    }
    for (Path path : needed) {
      if (!Files.isExecutable(path)) {
        throw new IllegalStateException(
            "apt-get install " + String.join(" ", packages) + " did not install " + path);
      }
    }
  }

  private static void run(String why, String[] packages, List<String> command) {
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
      Path log = Files.createTempFile("apt-get", ".log");
      Process process = builder.redirectOutput(log.toFile()).start();
      if (!process.waitFor(15, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " took over 15 minutes");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", command)
                + " failed (exit "
                + process.exitValue()
                + "); "
                + why
                + " needs Debian's "
                + String.join(" and ", packages)
                + " (run as root, or install them: apt-get install "
                + String.join(" ", packages)
                + "):\n"
                + Files.readString(log));
      }
      Files.delete(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
