package io.paramant.client;

import java.util.List;

/**
 * The relay's log binds this device's namespace and id to keys that are not this device's, or the
 * relay refused this device's own registration because it holds other keys for it: senders may be
 * encrypting to someone else's keys. Never retry it away. {@link #scan()} lists every finding
 * ({@link KeySubstitution#describe()}); the CLI ends with exit code 7.
 */
public final class KeySubstitutionException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What a finding means, for the person who reads it. */
  static final String MEANING =
      "This means senders who look this device up may be given keys it does not hold, and"
          + " whoever holds those keys can read what is sent to this device (or sign as it)."
          + " Stop relying on this relay for this device, compare fingerprints out of band"
          + " ('paramant keys show') and report the leaf to the relay's operator; the leaf stays"
          + " in the log as evidence.";

  private final transient KeyScan scan;

  public KeySubstitutionException(KeyScan scan) {
    super(message(scan));
    this.scan = scan;
  }

  /** The scan (or registration) that found it; its substitutions are never empty. */
  public KeyScan scan() {
    return scan;
  }

  /** Every finding. */
  public List<KeySubstitution> substitutions() {
    return scan.substitutions();
  }

  private static String message(KeyScan scan) {
    if (scan.substitutions().isEmpty()) {
      throw new IllegalArgumentException("a key substitution needs a finding");
    }
    StringBuilder text =
        new StringBuilder("key substitution: the relay's log (key ")
            .append(scan.logKeyId())
            .append(") binds device ")
            .append(scan.deviceId())
            .append(" of ")
            .append(scan.namespace())
            .append(" to keys other than its own (fingerprint ")
            .append(scan.fingerprint())
            .append("): ");
    List<KeySubstitution> found = scan.substitutions();
    for (int i = 0; i < found.size(); i++) {
      text.append(i == 0 ? "" : "; ").append(found.get(i).describe());
    }
    return text.append(". ").append(MEANING).toString();
  }
}
