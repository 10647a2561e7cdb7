package io.paramant.ct.entry;

/**
 * What a version-2 leaf says beyond its subject (PROTOCOL.md, "Version 2 leaves"): whom the leaf is
 * about. Hashes are 64 lowercase hex digits, as the subject is.
 */
public sealed interface LeafDetail {

  /** The type of leaf this detail belongs to. */
  EntryType type();

  /**
   * A {@code pubkey} leaf's binding ({@link DeviceBinding#of}): the keys were registered for this
   * (namespace, device id).
   */
  record Pubkey(String binding) implements LeafDetail {
    public Pubkey {
      LogEntry.requireHash("binding", binding);
    }

    @Override
    public EntryType type() {
      return EntryType.PUBKEY;
    }
  }

  /**
   * A {@code notary} leaf's signer: its binding, the fingerprint of its keys, and the time it
   * claims to have signed at.
   */
  record Notary(String signerBinding, String signerFingerprint, long signedAtMillis)
      implements LeafDetail {
    public Notary {
      LogEntry.requireHash("signer binding", signerBinding);
      LogEntry.requireHash("signer fingerprint", signerFingerprint);
      if (signedAtMillis < 0) {
        throw new InvalidEntryException("signed_at is before the epoch: " + signedAtMillis);
      }
    }

    @Override
    public EntryType type() {
      return EntryType.NOTARY;
    }
  }

  /**
   * An {@code audit} leaf's position in its chain and the hash of the account's audit id (never the
   * account's label).
   */
  record Audit(long seq, String auditIdHash) implements LeafDetail {
    public Audit {
      if (seq < 0) {
        throw new InvalidEntryException("an audit seq is not negative: " + seq);
      }
      LogEntry.requireHash("audit id hash", auditIdHash);
    }

    @Override
    public EntryType type() {
      return EntryType.AUDIT;
    }
  }
}
