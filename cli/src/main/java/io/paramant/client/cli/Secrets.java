package io.paramant.client.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Secrets a command needs from the person and never from its arguments: a password ({@code
 * $PARAMANT_PASSWORD}, else typed at the terminal without echo, else the first line of standard
 * input) and drop words (the arguments, else the first line of standard input).
 */
final class Secrets {

  static final String ENV_PASSWORD = "PARAMANT_PASSWORD";

  private Secrets() {}

  /**
   * @param confirm whether a typed password is asked twice (when sealing)
   * @return the password; the caller wipes it
   */
  static char[] password(boolean confirm) {
    String fromEnvironment = System.getenv(ENV_PASSWORD);
    if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
      return fromEnvironment.toCharArray();
    }
    Console console = System.console();
    if (console != null) {
      char[] password = console.readPassword("Password: ");
      if (password == null || password.length == 0) {
        throw new IllegalArgumentException("no password given");
      }
      if (confirm) {
        char[] again = console.readPassword("Password again: ");
        boolean same = Arrays.equals(password, again);
        if (again != null) {
          Arrays.fill(again, '\0');
        }
        if (!same) {
          Arrays.fill(password, '\0');
          throw new IllegalArgumentException("the passwords differ");
        }
      }
      return password;
    }
    String line = firstLineOfInput();
    if (line == null || line.isEmpty()) {
      throw new IllegalArgumentException(
          "no password: set $"
              + ENV_PASSWORD
              + ", type it at a terminal, or give it on standard"
              + " input");
    }
    return line.toCharArray();
  }

  /** The first line of standard input, or null at its end. */
  static String firstLineOfInput() {
    try {
      return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
          .readLine();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
