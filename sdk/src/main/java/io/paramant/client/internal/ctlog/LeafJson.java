package io.paramant.client.internal.ctlog;

import io.paramant.ct.SectorLog;
import io.paramant.ct.entry.EntryType;
import io.paramant.ct.entry.LeafDetail;
import io.paramant.ct.entry.LogEntry;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One leaf of {@code GET /v2/ct/leaves} ({@code Leaf} in the OpenAPI document), read from its
 * {@code leaf_bytes}: the bytes are decoded with the log's own {@link LogEntry#decode}, and every
 * field the relay serves beside them must say what the bytes say. A relay that shows readers of the
 * fields one leaf and hashes another is refused, not believed on either count.
 */
final class LeafJson {

  /** The longest leaf: a DID leaf of 1024 characters with a 32-character sector. */
  static final int MAX_LEAF_BYTES = 1 + 1 + 8 + 1 + 32 + 2 + LogEntry.MAX_DID_LENGTH;

  private static final HexFormat HEX = HexFormat.of();

  private LeafJson() {}

  /**
   * @throws StrictJson.ShapeException if a field is missing, malformed, or disagrees with the bytes
   * @throws io.paramant.ct.entry.InvalidEntryException if the bytes are no leaf's
   */
  static ServedLeaf read(JsonObject leaf) {
    long index = StrictJson.wholeNumber(leaf, "index");
    String text = StrictJson.string(leaf, "leaf_bytes");
    if (text.isEmpty() || text.length() > 2 * MAX_LEAF_BYTES || text.length() % 2 != 0) {
      throw new StrictJson.ShapeException("leaf " + index + ": leaf_bytes is not a leaf in hex");
    }
    byte[] bytes;
    try {
      bytes = HEX.parseHex(text);
    } catch (IllegalArgumentException e) {
      throw new StrictJson.ShapeException("leaf " + index + ": leaf_bytes is not hex");
    }
    LogEntry entry = LogEntry.decode(bytes);
    Agreement agree = new Agreement(leaf, index);
    byte[] leafHash = SectorLog.HASHER.hashLeaf(bytes);
    agree.string("leaf_hash", HEX.formatHex(leafHash));
    agree.string("type", entry.type().wireName());
    agree.string("subject", entry.subject());
    agree.string("sector", entry.sector());
    agree.number("inserted_at", entry.insertedAtMillis());
    boolean blob = entry.type() == EntryType.TRANSFER || entry.type() == EntryType.ACK;
    agree.optionalString("blob_hash", blob ? entry.subject() : null);
    LeafDetail detail = entry.detail();
    LeafDetail.Pubkey pubkey = detail instanceof LeafDetail.Pubkey p ? p : null;
    LeafDetail.Notary notary = detail instanceof LeafDetail.Notary n ? n : null;
    LeafDetail.Audit audit = detail instanceof LeafDetail.Audit a ? a : null;
    agree.optionalString("binding", pubkey != null ? pubkey.binding() : null);
    agree.optionalString("signer_binding", notary != null ? notary.signerBinding() : null);
    agree.optionalString("signer_fingerprint", notary != null ? notary.signerFingerprint() : null);
    agree.optionalNumber("signed_at", notary != null ? notary.signedAtMillis() : null);
    agree.optionalNumber("seq", audit != null ? audit.seq() : null);
    agree.optionalString("audit_id_hash", audit != null ? audit.auditIdHash() : null);
    return new ServedLeaf(index, entry, blob ? entry.subject() : null, leafHash);
  }

  /** Compares the served fields of one leaf with what its bytes hold. */
  private record Agreement(JsonObject leaf, long index) {

    void string(String name, String expected) {
      if (!StrictJson.string(leaf, name).equals(expected)) {
        throw disagrees(name);
      }
    }

    void number(String name, long expected) {
      if (StrictJson.wholeNumber(leaf, name) != expected) {
        throw disagrees(name);
      }
    }

    /** A field that the leaf's type has ({@code expected} non-null) or must not have. */
    void optionalString(String name, String expected) {
      if (!Objects.equals(StrictJson.optionalString(leaf, name), expected)) {
        throw disagrees(name);
      }
    }

    void optionalNumber(String name, Long expected) {
      JsonValue value = leaf.get(name);
      Long served =
          value == null || value == JsonValue.NULL ? null : StrictJson.wholeNumber(leaf, name);
      if (!Objects.equals(served, expected)) {
        throw disagrees(name);
      }
    }

    private StrictJson.ShapeException disagrees(String name) {
      return new StrictJson.ShapeException(
          "leaf " + index + ": the served " + name + " is not what its leaf_bytes hold");
    }
  }
}
