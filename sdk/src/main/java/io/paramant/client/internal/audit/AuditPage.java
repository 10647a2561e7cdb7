package io.paramant.client.internal.audit;

import io.paramant.client.AuditChain;
import io.paramant.client.internal.ctlog.StrictJson;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * One JSON page of {@code GET /v2/audit} ({@code AuditPage} in the OpenAPI document), read
 * strictly, and the pages of one export put together.
 *
 * @param nextAfterSeq the {@code after_seq} of the next page, empty on the last
 */
public record AuditPage(AuditChain chain, OptionalLong nextAfterSeq) {

  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

  /**
   * @throws StrictJson.ShapeException for anything but the documented shape
   */
  public static AuditPage read(JsonObject json) {
    List<AuditChain.Entry> entries = new ArrayList<>();
    for (JsonValue value : StrictJson.array(json, "entries")) {
      if (!(value instanceof JsonObject e)) {
        throw new StrictJson.ShapeException("entries holds something other than objects");
      }
      JsonValue size = e.get("size");
      entries.add(
          new AuditChain.Entry(
              StrictJson.wholeNumber(e, "seq"),
              StrictJson.wholeNumber(e, "at"),
              StrictJson.string(e, "event"),
              StrictJson.string(e, "subject"),
              size == null || size == JsonValue.NULL ? null : StrictJson.wholeNumber(e, "size"),
              hash(e, "prev_hash"),
              hash(e, "entry_hash")));
    }
    List<AuditChain.Anchor> anchors = new ArrayList<>();
    for (JsonValue value : StrictJson.array(json, "anchors")) {
      if (!(value instanceof JsonObject a)) {
        throw new StrictJson.ShapeException("anchors holds something other than objects");
      }
      anchors.add(
          new AuditChain.Anchor(
              StrictJson.wholeNumber(a, "seq"),
              hash(a, "head"),
              StrictJson.wholeNumber(a, "ct_index"),
              StrictJson.wholeNumber(a, "inserted_at")));
    }
    JsonValue next = json.get("next_after_seq");
    return new AuditPage(
        new AuditChain(
            StrictJson.string(json, "sector"),
            hash(json, "audit_id"),
            hash(json, "audit_id_hash"),
            StrictJson.wholeNumber(json, "head_seq"),
            hash(json, "head_hash"),
            StrictJson.wholeNumber(json, "exported_at"),
            entries,
            anchors),
        next == null || next == JsonValue.NULL
            ? OptionalLong.empty()
            : OptionalLong.of(StrictJson.wholeNumber(json, "next_after_seq")));
  }

  /**
   * The pages of one export as one chain: their entries and anchors in order, and the identity and
   * head of the last page (the newest snapshot). Every page must name the same sector and audit id.
   *
   * @throws StrictJson.ShapeException if they do not
   */
  public static AuditChain join(List<AuditChain> pages) {
    AuditChain last = pages.get(pages.size() - 1);
    List<AuditChain.Entry> entries = new ArrayList<>();
    List<AuditChain.Anchor> anchors = new ArrayList<>();
    for (AuditChain page : pages) {
      if (!page.auditId().equals(last.auditId())
          || !page.auditIdHash().equals(last.auditIdHash())
          || !page.sector().equals(last.sector())) {
        throw new StrictJson.ShapeException("the pages of one export name different audit ids");
      }
      entries.addAll(page.entries());
      for (AuditChain.Anchor anchor : page.anchors()) {
        if (!anchors.contains(anchor)) {
          anchors.add(anchor);
        }
      }
    }
    return new AuditChain(
        last.sector(),
        last.auditId(),
        last.auditIdHash(),
        last.headSeq(),
        last.headHash(),
        last.exportedAtMs(),
        entries,
        anchors);
  }

  private static String hash(JsonObject json, String name) {
    String text = StrictJson.string(json, name);
    if (!HASH.matcher(text).matches()) {
      throw new StrictJson.ShapeException(name + " is not 64 lowercase hex digits");
    }
    return text;
  }
}
