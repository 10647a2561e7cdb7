package io.paramant.client;

import java.time.Instant;
import java.util.Objects;

/**
 * One sign that the relay handed out keys for this device that are not its own (PROTOCOL.md,
 * "Owners monitor"): a leaf of the relay's log that binds this device's namespace and id to a
 * foreign key fingerprint, or the relay's refusal (409 {@code device_key_conflict}) of this
 * device's own registration because other keys are registered under its id.
 *
 * @param kind what was found
 * @param leafIndex the leaf's index in the log; -1 for {@link Kind#REGISTRATION_REFUSED} when the
 *     relay did not say which leaf holds the other keys
 * @param sector the leaf's sector, or null when unknown
 * @param insertedAt when the relay appended the leaf, or null when unknown
 * @param foreignFingerprint the fingerprint the leaf binds to this device (for a notary leaf: the
 *     signer's), 64 lowercase hex digits, or null when the relay did not say
 */
public record KeySubstitution(
    Kind kind, long leafIndex, String sector, Instant insertedAt, String foreignFingerprint) {

  /** What was found. */
  public enum Kind {
    /** A {@code pubkey} leaf registers a foreign key for this device. */
    PUBKEY_LEAF("pubkey"),
    /** A {@code notary} leaf says this device signed a document with a foreign key. */
    NOTARY_LEAF("notary"),
    /** The relay refused this device's first registration: it holds other keys for the id. */
    REGISTRATION_REFUSED("registration");

    private final String wireName;

    Kind(String wireName) {
      this.wireName = wireName;
    }

    /** {@code pubkey}, {@code notary} or {@code registration}: as the monitor's state file says. */
    public String wireName() {
      return wireName;
    }

    /** The kind of a {@link #wireName()}. */
    public static Kind ofWireName(String name) {
      for (Kind kind : values()) {
        if (kind.wireName.equals(name)) {
          return kind;
        }
      }
      throw new IllegalArgumentException("no substitution kind " + name);
    }
  }

  public KeySubstitution {
    Objects.requireNonNull(kind, "kind");
  }

  /** One line for a person: the leaf, its sector and time, and the foreign fingerprint. */
  public String describe() {
    String fingerprint = foreignFingerprint != null ? foreignFingerprint : "unknown";
    if (kind == Kind.REGISTRATION_REFUSED) {
      return "the relay refused this device's registration (409 device_key_conflict): it holds"
          + " other keys for this device id"
          + (leafIndex >= 0 ? ", registered as leaf " + leafIndex : "")
          + (sector != null ? " in sector " + sector : "")
          + (insertedAt != null ? " at " + insertedAt : "")
          + ", fingerprint "
          + fingerprint;
    }
    return "leaf "
        + leafIndex
        + " (sector "
        + sector
        + ", inserted_at "
        + insertedAt
        + ") is a "
        + kind.wireName()
        + " leaf for this device with the foreign fingerprint "
        + fingerprint;
  }
}
