package io.paramant.client.cli;

import io.paramant.accounts.AccountsException;
import io.paramant.client.AuditVerificationException;
import io.paramant.client.EnvelopeException;
import io.paramant.client.KeySubstitutionException;
import io.paramant.client.LogStateException;
import io.paramant.client.LogVerificationException;
import io.paramant.client.ReceiptException;
import io.paramant.client.RelayRequestException;
import io.paramant.client.SenderSignatureException;
import io.paramant.client.TransferException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exit codes of every {@code paramant} command, and which failure ends in which. Scripts branch
 * on them: 1 is an alarm about the relay, 3 is worth a retry, 6 is not, 2, 4 and 5 need the user, 7
 * is an alarm about this device's own keys, 9 about the account's audit chain.
 */
final class ExitCodes {

  static final int OK = 0;
  static final int VERIFICATION_FAILED = 1;
  static final int USAGE = 2;
  static final int RELAY_ERROR = 3;
  static final int LOCAL_ERROR = 4;
  static final int REFUSED = 5;
  static final int NOT_FOUND = 6;
  static final int KEY_SUBSTITUTION = 7;
  static final int SIGNATURE_REFUSED = 8;
  static final int AUDIT_FAILED = 9;
  static final int DOCUMENT_CHANGED = 10;
  static final int RECEIPT_INVALID = 11;

  /** The table every command's {@code --help} ends with (and docs/cli.md repeats). */
  static final Map<String, String> TABLE = table();

  private ExitCodes() {}

  static int of(Throwable failure) {
    if (failure instanceof AdminCommand.AdminFailure e) {
      return e.exitCode();
    }
    if (failure instanceof AccountsException e) {
      // users.json changed by `admin --users-file`: the codes of the console's statuses for these
      return switch (e.kind()) {
        case INVALID -> USAGE;
        case NOT_FOUND -> NOT_FOUND;
        case CONFLICT, EDITION_LIMIT -> REFUSED;
        case BUSY -> LOCAL_ERROR;
      };
    }
    if (failure instanceof KeySubstitutionException) {
      return KEY_SUBSTITUTION;
    }
    if (failure instanceof ReceiptException e) {
      return e.reason() == ReceiptException.Reason.DOCUMENT_CHANGED
          ? DOCUMENT_CHANGED
          : RECEIPT_INVALID;
    }
    if (failure instanceof LogVerificationException e) {
      // A malformed answer proves nothing about the log either way: like no answer, not an alarm.
      return e.reason() == LogVerificationException.Reason.MALFORMED_RESPONSE
          ? RELAY_ERROR
          : VERIFICATION_FAILED;
    }
    if (failure instanceof RelayRequestException) {
      return RELAY_ERROR;
    }
    if (failure instanceof SenderSignatureException) {
      return SIGNATURE_REFUSED;
    }
    if (failure instanceof AuditVerificationException) {
      return AUDIT_FAILED;
    }
    if (failure instanceof TransferException e) {
      return switch (e.reason()) {
        case GONE, UNKNOWN_DEVICE -> NOT_FOUND;
        case BLOB_ALTERED -> VERIFICATION_FAILED;
        case INTERRUPTED -> LOCAL_ERROR;
        case NOT_HYBRID, WRONG_SECTOR, WRONG_CHUNK_LIST -> REFUSED;
      };
    }
    if (failure instanceof EnvelopeException e) {
      return switch (e.reason()) {
        case MNEMONIC_WORD_COUNT, MNEMONIC_UNKNOWN_WORD, MNEMONIC_CHECKSUM -> USAGE;
        case TARGET_EXISTS,
            KEY_FILE_INVALID,
            KEY_FILE_INSECURE,
            RESUME_STATE_INVALID,
            UNSAFE_FILE_NAME,
            TOO_LARGE ->
            LOCAL_ERROR;
        default -> REFUSED;
      };
    }
    return LOCAL_ERROR;
  }

  /** The one line that reports {@code failure}. */
  static String message(Throwable failure) {
    if (failure instanceof LogVerificationException) {
      return "verification failed: " + failure.getMessage();
    }
    if (failure instanceof SenderSignatureException) {
      return "sender signature refused: " + failure.getMessage();
    }
    if (failure instanceof AuditVerificationException) {
      return "audit chain does not verify: " + failure.getMessage();
    }
    if (failure instanceof RelayRequestException
        || failure instanceof KeySubstitutionException
        || failure instanceof ReceiptException
        || failure instanceof AdminCommand.AdminFailure
        || failure instanceof AccountsException
        || failure instanceof LogStateException
        || failure instanceof TransferException
        || failure instanceof EnvelopeException
        || failure instanceof IllegalStateException
        || failure instanceof IllegalArgumentException) {
      return failure.getMessage();
    }
    if (failure instanceof UncheckedIOException e) {
      return describe(e.getCause());
    }
    if (failure instanceof java.io.IOException e) {
      return describe(e);
    }
    return "internal error: " + failure + " (run with --verbose for the stack trace)";
  }

  private static String describe(java.io.IOException e) {
    if (e instanceof NoSuchFileException f) {
      return f.getFile() + ": " + (f.getReason() != null ? f.getReason() : "no such file");
    }
    if (e instanceof FileAlreadyExistsException f) {
      return f.getFile() + ": already exists";
    }
    if (e instanceof AccessDeniedException f) {
      return f.getFile() + ": permission denied";
    }
    if (e instanceof FileSystemException f) {
      return f.getMessage();
    }
    return "I/O error: " + e.getMessage();
  }

  private static Map<String, String> table() {
    Map<String, String> table = new LinkedHashMap<>();
    table.put(Integer.toString(OK), "success");
    table.put(
        Integer.toString(VERIFICATION_FAILED),
        "verification failed: the relay forged a signature, changed its key, rewound or forked"
            + " its log, cannot prove a blob or a device's keys, or served altered bytes; or the"
            + " namespace or a witness key is not the pinned one, or a head lacks a fresh witness"
            + " quorum");
    table.put(Integer.toString(USAGE), "usage error: a missing, unknown or invalid argument");
    table.put(
        Integer.toString(RELAY_ERROR),
        "relay unreachable, an HTTP error status, or an answer that breaks the protocol");
    table.put(
        Integer.toString(LOCAL_ERROR),
        "local error: a file, the key or state directory cannot be used, or an internal error");
    table.put(
        Integer.toString(REFUSED),
        "refused: a blob does not open with this device's keys, password or words (or was"
            + " altered), or a recipient cannot be sealed to");
    table.put(
        Integer.toString(NOT_FOUND),
        "not found: the blob, drop or device is not on the relay (downloaded already, expired,"
            + " or never there)");
    table.put(
        Integer.toString(KEY_SUBSTITUTION),
        "key substitution: the relay's log binds this device to keys other than its own, or the"
            + " relay refused its first registration because other keys hold its id (reported by"
            + " 'keys monitor', 'keys register', 'stream' and 'watch')");
    table.put(
        Integer.toString(SIGNATURE_REFUSED),
        "sender signature refused: a device-to-device transfer is unsigned (without"
            + " --allow-unsigned), its signature is invalid or meant for another device, its signer"
            + " is from another namespace or not proven in the log, its signing time is outside"
            + " the 8-day window, or the file is a replay");
    table.put(
        Integer.toString(AUDIT_FAILED),
        "audit chain does not verify ('audit --verify'): an entry's hash does not chain, an"
            + " anchor names a head not on the chain, an anchor's leaf is missing or not proven in"
            + " the log, or an entry older than 120 s has no anchor logged within 120 s");
    table.put(
        Integer.toString(DOCUMENT_CHANGED),
        "document changed: the notary receipt verifies, but the file is not the document it"
            + " notarises ('notary verify')");
    table.put(
        Integer.toString(RECEIPT_INVALID),
        "receipt invalid: the notary receipt does not parse, or a signature, key, leaf, proof,"
            + " tree head or witness quorum in it does not verify ('notary verify')");
    return Collections.unmodifiableMap(table);
  }
}
