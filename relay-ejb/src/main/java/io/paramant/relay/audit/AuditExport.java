package io.paramant.relay.audit;

import jakarta.json.Json;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Writes an account's audit chain as it is read from its file, never holding it whole: JSON (a
 * page: the entries after a seq, at most a limit, with the anchors among them) or CSV (RFC 4180,
 * one header row, every entry).
 */
public final class AuditExport {

  /** JSON-P factories made once: each {@code Json.createX} call looks the provider up again. */
  private static final JsonGeneratorFactory GENERATORS = Json.createGeneratorFactory(Map.of());

  /** The most entries of one JSON page. */
  public static final int MAX_PAGE = 100_000;

  private static final HexFormat HEX = HexFormat.of();

  private AuditExport() {}

  /** Stops the reading of a file once a page is full. */
  private static final class PageFull extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PageFull() {
      super(null, null, false, false);
    }
  }

  /**
   * One JSON page: the entries with {@code afterSeq < seq <= head}, at most {@code limit}, each
   * with its {@code prev_hash} and {@code entry_hash}, the anchors of those entries, and {@code
   * next_after_seq} when more follow.
   */
  public static void json(
      AuditTrail.Snapshot snapshot, long afterSeq, int limit, long exportedAtMs, OutputStream out) {
    Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    JsonGenerator json = GENERATORS.createGenerator(writer);
    json.writeStartObject()
        .write("ok", true)
        .write("sector", snapshot.sector())
        .write("audit_id", HEX.formatHex(snapshot.auditId()))
        .write("audit_id_hash", HEX.formatHex(snapshot.auditIdHash()))
        .write("head_seq", snapshot.headSeq())
        .write("head_hash", HEX.formatHex(snapshot.head()))
        .write("exported_at", exportedAtMs);
    List<AuditFile.Anchor> anchors = new ArrayList<>();
    long[] last = {afterSeq};
    int[] written = {0};
    boolean[] more = {false};
    byte[][] prev = {null};
    json.writeStartArray("entries");
    try {
      AuditFile.read(
          snapshot.file(),
          base -> prev[0] = base.baseHash(),
          line -> {
            if (line instanceof AuditFile.Entry e) {
              long seq = e.entry().seq();
              if (seq > snapshot.headSeq()) {
                throw new PageFull();
              }
              if (seq > afterSeq) {
                if (written[0] == limit) {
                  more[0] = true;
                  throw new PageFull();
                }
                writeEntry(json, e, prev[0]);
                written[0]++;
                last[0] = seq;
              }
              prev[0] = e.hash();
            } else if (line instanceof AuditFile.Anchor a
                && a.seq() > afterSeq
                && a.seq() <= last[0]) {
              anchors.add(a);
            }
          });
      json.writeEnd();
    } catch (PageFull full) {
      json.writeEnd();
    }
    json.writeStartArray("anchors");
    for (AuditFile.Anchor a : anchors) {
      json.writeStartObject()
          .write("seq", a.seq())
          .write("head", HEX.formatHex(a.head()))
          .write("ct_index", a.ctIndex())
          .write("inserted_at", a.insertedAtMs())
          .writeEnd();
    }
    json.writeEnd();
    if (more[0]) {
      json.write("next_after_seq", last[0]);
    }
    json.writeEnd();
    json.flush();
  }

  private static void writeEntry(JsonGenerator json, AuditFile.Entry e, byte[] prev) {
    AuditEntry entry = e.entry();
    json.writeStartObject()
        .write("seq", entry.seq())
        .write("at", entry.atMs())
        .write("event", entry.event())
        .write("subject", entry.subject());
    if (entry.size() != null) {
      json.write("size", entry.size());
    }
    json.write("prev_hash", HEX.formatHex(prev)).write("entry_hash", HEX.formatHex(e.hash()));
    json.writeEnd();
  }

  /** The CSV header row. */
  public static final String CSV_HEADER = "seq,at,event,subject,size,prev_hash,entry_hash";

  /** Every entry up to the snapshot's head as CSV, CRLF line ends (RFC 4180). */
  public static void csv(AuditTrail.Snapshot snapshot, OutputStream out) {
    Writer writer =
        new java.io.BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
    byte[][] prev = {null};
    try {
      writer.write(CSV_HEADER + "\r\n");
      AuditFile.read(
          snapshot.file(),
          base -> prev[0] = base.baseHash(),
          line -> {
            if (line instanceof AuditFile.Entry e && e.entry().seq() <= snapshot.headSeq()) {
              AuditEntry entry = e.entry();
              try {
                // every field is digits, a-z, '_', ':' or hex: nothing to quote (RFC 4180 §2.6)
                writer.write(
                    entry.seq()
                        + ","
                        + entry.atMs()
                        + ","
                        + entry.event()
                        + ","
                        + csvField(entry.subject())
                        + ","
                        + (entry.size() == null ? "" : entry.size().toString())
                        + ","
                        + HEX.formatHex(prev[0])
                        + ","
                        + HEX.formatHex(e.hash())
                        + "\r\n");
              } catch (IOException io) {
                throw new UncheckedIOException(io);
              }
              prev[0] = e.hash();
            }
          });
      writer.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A field quoted when it holds a comma, a quote or a line break (RFC 4180 §2.6-2.7). */
  static String csvField(String text) {
    if (text.indexOf(',') < 0
        && text.indexOf('"') < 0
        && text.indexOf('\n') < 0
        && text.indexOf('\r') < 0) {
      return text;
    }
    return '"' + text.replace("\"", "\"\"") + '"';
  }
}
