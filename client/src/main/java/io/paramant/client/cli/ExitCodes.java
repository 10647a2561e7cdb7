package io.paramant.client.cli;

import io.paramant.client.LogStateException;
import io.paramant.client.LogVerificationException;
import io.paramant.client.RelayRequestException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exit codes of every {@code paramant} command, and which failure ends in which. Scripts branch
 * on them: 1 is an alarm about the relay, 3 is worth a retry, 2 and 4 need the user.
 */
final class ExitCodes {

  static final int OK = 0;
  static final int VERIFICATION_FAILED = 1;
  static final int USAGE = 2;
  static final int RELAY_ERROR = 3;
  static final int LOCAL_ERROR = 4;

  /** The table every command's {@code --help} ends with (and docs/cli.md repeats). */
  static final Map<String, String> TABLE = table();

  private ExitCodes() {}

  static int of(Throwable failure) {
    if (failure instanceof LogVerificationException e) {
      // A malformed answer proves nothing about the log either way: like no answer, not an alarm.
      return e.reason() == LogVerificationException.Reason.MALFORMED_RESPONSE
          ? RELAY_ERROR
          : VERIFICATION_FAILED;
    }
    if (failure instanceof RelayRequestException) {
      return RELAY_ERROR;
    }
    return LOCAL_ERROR;
  }

  /** The one line that reports {@code failure}. */
  static String message(Throwable failure) {
    if (failure instanceof LogVerificationException) {
      return "verification failed: " + failure.getMessage();
    }
    if (failure instanceof RelayRequestException || failure instanceof LogStateException) {
      return failure.getMessage();
    }
    return "internal error: " + failure + " (run with --verbose for the stack trace)";
  }

  private static Map<String, String> table() {
    Map<String, String> table = new LinkedHashMap<>();
    table.put(Integer.toString(OK), "success");
    table.put(
        Integer.toString(VERIFICATION_FAILED),
        "verification failed: the relay forged a signature, changed its key, rewound or forked"
            + " its log, or cannot prove a blob");
    table.put(Integer.toString(USAGE), "usage error: a missing, unknown or invalid argument");
    table.put(
        Integer.toString(RELAY_ERROR),
        "relay unreachable, an HTTP error status, or an answer that breaks the protocol");
    table.put(
        Integer.toString(LOCAL_ERROR),
        "local error: the state directory or a stored head cannot be used, or an internal error");
    return Collections.unmodifiableMap(table);
  }
}
