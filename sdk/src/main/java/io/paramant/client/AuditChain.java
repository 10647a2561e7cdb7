package io.paramant.client;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.util.List;
import java.util.Objects;

/**
 * An account's audit chain as the relay exported it ({@code GET /v2/audit}, every JSON page put
 * together; PROTOCOL.md, "Notary receipt and audit chain"): its entries with their hashes as the
 * relay states them and the anchors of its heads in the relay's log. Nothing here is verified yet:
 * {@link GhostPipe#verifyAudit(AuditChain)} does that.
 *
 * @param sector the sector whose relay keeps the chain (and whose log holds its anchors)
 * @param auditId the account's random audit id, 64 lowercase hex digits
 * @param auditIdHash what the relay says is SHA3-256 of the audit id's bytes, as its anchors name
 *     it
 * @param headSeq the seq of the chain's head when the (last page of the) export was made
 * @param headHash the head's entry hash (32 zero bytes for an empty chain)
 * @param exportedAtMs when the relay made the (last page of the) export, ms since the epoch
 * @param entries the entries in the order served, oldest first
 * @param anchors the anchors in the order served
 */
public record AuditChain(
    String sector,
    String auditId,
    String auditIdHash,
    long headSeq,
    String headHash,
    long exportedAtMs,
    List<Entry> entries,
    List<Anchor> anchors) {

  public AuditChain {
    Objects.requireNonNull(sector, "sector");
    Objects.requireNonNull(auditId, "auditId");
    Objects.requireNonNull(auditIdHash, "auditIdHash");
    Objects.requireNonNull(headHash, "headHash");
    entries = List.copyOf(entries);
    anchors = List.copyOf(anchors);
  }

  /**
   * One entry: {@code {seq, at, event, subject, size?}} and the hashes the relay states for it.
   *
   * @param size bytes, or null where the entry has none
   * @param prevHash the entry hash before it, 64 hex digits
   * @param entryHash {@code SHA3-256(prev_hash || RFC 8785 JSON of the entry)} as the relay states
   *     it, 64 hex digits
   */
  public record Entry(
      long seq,
      long atMs,
      String event,
      String subject,
      Long size,
      String prevHash,
      String entryHash) {

    public Entry {
      Objects.requireNonNull(event, "event");
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(prevHash, "prevHash");
      Objects.requireNonNull(entryHash, "entryHash");
    }
  }

  /**
   * An anchor: the head {@code head} at {@code seq} was appended to the log as the {@code audit}
   * leaf {@code ctIndex} at {@code insertedAtMs}.
   */
  public record Anchor(long seq, String head, long ctIndex, long insertedAtMs) {

    public Anchor {
      Objects.requireNonNull(head, "head");
    }
  }

  /**
   * The chain as one JSON document of the relay's {@code AuditPage} shape, every entry and anchor
   * in it and no {@code next_after_seq}.
   */
  public String toJson() {
    JsonArrayBuilder entryArray = Json.createArrayBuilder();
    for (Entry e : entries) {
      JsonObjectBuilder json =
          Json.createObjectBuilder()
              .add("seq", e.seq())
              .add("at", e.atMs())
              .add("event", e.event())
              .add("subject", e.subject());
      if (e.size() != null) {
        json.add("size", e.size());
      }
      entryArray.add(json.add("prev_hash", e.prevHash()).add("entry_hash", e.entryHash()));
    }
    JsonArrayBuilder anchorArray = Json.createArrayBuilder();
    for (Anchor a : anchors) {
      anchorArray.add(
          Json.createObjectBuilder()
              .add("seq", a.seq())
              .add("head", a.head())
              .add("ct_index", a.ctIndex())
              .add("inserted_at", a.insertedAtMs()));
    }
    return Json.createObjectBuilder()
        .add("ok", true)
        .add("sector", sector)
        .add("audit_id", auditId)
        .add("audit_id_hash", auditIdHash)
        .add("head_seq", headSeq)
        .add("head_hash", headHash)
        .add("exported_at", exportedAtMs)
        .add("entries", entryArray)
        .add("anchors", anchorArray)
        .build()
        .toString();
  }
}
