package io.paramant.client.internal.envelope;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.paramant.client.EnvelopeException;
import io.paramant.client.EnvelopeException.Reason;
import io.paramant.client.FileInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * The meta JSON of a chunk: {@code {"i","n"}} for every chunk, plus {@code "name","size","type"} in
 * chunk 0.
 *
 * <p>Written by hand, canonically (RFC 8785 rules for these types: members sorted, no whitespace,
 * minimal string escapes, integers in plain decimal), because these bytes end up in known-answer
 * tests and signatures and must not change with a library upgrade; five fixed members do not
 * justify a JSON binding. Read with Jackson's streaming parser under tight limits, because the
 * bytes come from any sender (and from other Paramant clients that format JSON their own way):
 * whitespace and member order are free, unknown members are skipped, duplicate members, wrong types
 * and trailing content are refused.
 */
public final class ChunkMeta {

  /** More than any legitimate meta (a 255-byte name escaped, a media type, four numbers). */
  static final int MAX_LENGTH = 64 * 1024;

  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxDocumentLength(MAX_LENGTH)
                  .maxNestingDepth(8)
                  .maxNumberLength(20)
                  .maxStringLength(4096)
                  .build())
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private final int index;
  private final int count;
  private final FileInfo file;

  private ChunkMeta(int index, int count, FileInfo file) {
    if (count < 1 || index < 0 || index >= count) {
      throw new IllegalArgumentException("chunk " + index + " of " + count);
    }
    if ((index == 0) != (file != null)) {
      throw new IllegalArgumentException("chunk 0, and only chunk 0, describes the file");
    }
    this.index = index;
    this.count = count;
    this.file = file;
  }

  /** Meta of chunk 0 of {@code count}, which describes the file. */
  public static ChunkMeta first(int count, FileInfo file) {
    return new ChunkMeta(0, count, Objects.requireNonNull(file, "file"));
  }

  /** Meta of chunk {@code index} (at least 1) of {@code count}. */
  public static ChunkMeta following(int index, int count) {
    if (index == 0) {
      throw new IllegalArgumentException("chunk 0 describes the file: use first()");
    }
    return new ChunkMeta(index, count, null);
  }

  public int index() {
    return index;
  }

  public int count() {
    return count;
  }

  /** The file's name, size and type; present in chunk 0 only. */
  public Optional<FileInfo> file() {
    return Optional.ofNullable(file);
  }

  /** The canonical JSON, UTF-8. */
  byte[] encode() {
    StringBuilder json =
        new StringBuilder(160).append("{\"i\":").append(index).append(",\"n\":").append(count);
    if (file != null) {
      json.append(",\"name\":");
      appendString(json, file.name());
      json.append(",\"size\":").append(file.size()).append(",\"type\":");
      appendString(json, file.type());
    }
    return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * @throws EnvelopeException {@link Reason#MALFORMED_PLAINTEXT} for anything but a well-formed
   *     meta object, {@link Reason#UNSAFE_FILE_NAME} if chunk 0 names the file unsafely
   */
  static ChunkMeta parse(byte[] json) {
    Long index = null;
    Long count = null;
    String name = null;
    Long size = null;
    String type = null;
    try (JsonParser parser = JSON.createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw malformed("meta is not a JSON object");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String member = parser.currentName();
        parser.nextToken();
        switch (member) {
          case "i" -> index = nonNegativeInteger(parser, member);
          case "n" -> count = nonNegativeInteger(parser, member);
          case "name" -> name = string(parser, member);
          case "size" -> size = nonNegativeInteger(parser, member);
          case "type" -> type = string(parser, member);
          default -> parser.skipChildren();
        }
      }
      if (parser.nextToken() != null) {
        throw malformed("content after the meta object");
      }
    } catch (IOException e) {
      // Jackson's messages may quote the input (the file name), so only the fact is reported.
      throw malformed("meta is not valid JSON");
    }
    if (index == null || count == null || index >= count || count > Integer.MAX_VALUE) {
      throw malformed("meta needs \"i\" and \"n\" with i < n");
    }
    if (index > 0) {
      return new ChunkMeta(index.intValue(), count.intValue(), null);
    }
    if (name == null || size == null) {
      throw malformed("chunk 0 meta needs \"name\" and \"size\"");
    }
    try {
      return new ChunkMeta(
          0,
          count.intValue(),
          new FileInfo(name, size, type == null ? FileInfo.DEFAULT_TYPE : type));
    } catch (IllegalArgumentException e) {
      throw malformed("chunk 0 meta has an invalid media type");
    }
  }

  private static long nonNegativeInteger(JsonParser parser, String member) throws IOException {
    if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT
        || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
        || parser.getLongValue() < 0) {
      throw malformed("\"" + member + "\" is not a non-negative integer");
    }
    return parser.getLongValue();
  }

  private static String string(JsonParser parser, String member) throws IOException {
    if (parser.currentToken() != JsonToken.VALUE_STRING) {
      throw malformed("\"" + member + "\" is not a string");
    }
    return parser.getText();
  }

  private static EnvelopeException malformed(String detail) {
    return new EnvelopeException(Reason.MALFORMED_PLAINTEXT, detail);
  }

  /** A JSON string with RFC 8785 escaping: quote, backslash and control characters only. */
  private static void appendString(StringBuilder json, String value) {
    json.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\b' -> json.append("\\b");
        case '\f' -> json.append("\\f");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        default -> {
          if (c < 0x20) {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    json.append('"');
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ChunkMeta that
        && index == that.index
        && count == that.count
        && Objects.equals(file, that.file);
  }

  @Override
  public int hashCode() {
    return Objects.hash(index, count, file);
  }

  @Override
  public String toString() {
    return "ChunkMeta[" + index + " of " + count + "]";
  }
}
