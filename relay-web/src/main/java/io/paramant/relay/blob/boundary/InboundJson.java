package io.paramant.relay.blob.boundary;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.paramant.relay.DeviceIdParameter;
import io.paramant.relay.InvalidInputException;
import io.paramant.relay.blob.BlobHash;
import io.paramant.relay.blob.DropId;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.UnaryOperator;

/**
 * Stream-parses the JSON form of {@code POST /v2/inbound}: {@code
 * {"hash","payload":"<base64>","ttl_ms"?,"meta":{"device_id"?}?}}, and of {@code POST /v2/drop}:
 * {@code {"id","payload":"<base64>","ttl_ms"?}} (there {@code meta} is an unknown field: a drop
 * names no receiver).
 *
 * <p>The base64 payload is decoded by Jackson's streaming parser straight into the caller's sink
 * (the blob's slab), so a 5 MiB payload never exists as a {@code String} or a {@code byte[]}.
 * Fields may come in any order; unknown fields are skipped; a field given twice is malformed JSON.
 */
final class InboundJson {

  /** The fields other than the payload, which went to the sink. */
  record Fields(String hash, Long ttlMs, String device) {}

  /** The fields of a drop other than its payload, which went to the sink. */
  record DropFields(String id, Long ttlMs) {}

  private static final JsonFactory FACTORY =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private InboundJson() {}

  /**
   * @throws InvalidInputException for malformed JSON, wrong types, missing fields or bad base64
   * @throws IOException when the body cannot be read (the client stalled or went away)
   */
  static Fields read(InputStream body, OutputStream payloadSink) throws IOException {
    Parsed parsed = parse(body, payloadSink, "hash", BlobHash::parse, true);
    return new Fields(parsed.address(), parsed.ttlMs(), parsed.device());
  }

  /**
   * The JSON form of a drop; the same rules, with {@code id} (a {@link DropId}) instead of {@code
   * hash}.
   *
   * @throws InvalidInputException for malformed JSON, wrong types, missing fields or bad base64
   * @throws IOException when the body cannot be read (the client stalled or went away)
   */
  static DropFields readDrop(InputStream body, OutputStream payloadSink) throws IOException {
    Parsed parsed = parse(body, payloadSink, "id", DropId::parse, false);
    return new DropFields(parsed.address(), parsed.ttlMs());
  }

  private record Parsed(String address, Long ttlMs, String device) {}

  /**
   * @param addressField the field that names where the payload is stored
   * @param addressParser validates and canonicalises that field
   * @param withMeta whether {@code meta} is a known field
   */
  private static Parsed parse(
      InputStream body,
      OutputStream payloadSink,
      String addressField,
      UnaryOperator<String> addressParser,
      boolean withMeta)
      throws IOException {
    try (JsonParser json = FACTORY.createParser(body)) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        throw malformed();
      }
      String address = null;
      Long ttlMs = null;
      String device = null;
      boolean payload = false;
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String field = json.currentName();
        JsonToken value = json.nextToken();
        if (field.equals(addressField)) {
          address = addressParser.apply(text(json, value, field));
        } else if (field.equals("payload")) {
          requireString(value, field);
          decodeBase64(json, payloadSink);
          payload = true;
        } else if (field.equals("ttl_ms")) {
          ttlMs = value == JsonToken.VALUE_NULL ? null : ttl(json, value);
        } else if (withMeta && field.equals("meta")) {
          device = meta(json, value);
        } else {
          json.skipChildren();
        }
      }
      if (json.currentToken() != JsonToken.END_OBJECT || json.nextToken() != null) {
        throw malformed();
      }
      if (address == null) {
        throw new InvalidInputException("missing_field", addressField + " is required.");
      }
      if (!payload) {
        throw new InvalidInputException("missing_field", "payload is required.");
      }
      return new Parsed(address, ttlMs, device);
    } catch (JsonProcessingException | CharConversionException e) {
      // Not the body's transport failing but its content: a syntax error, a limit of the parser
      // (nesting, number or name length: StreamConstraintsException is no JsonParseException) or
      // bytes that are no text in the encoding Jackson detected.
      throw malformed();
    }
  }

  private static void decodeBase64(JsonParser json, OutputStream sink) throws IOException {
    try {
      json.readBinaryValue(Base64Variants.MIME_NO_LINEFEEDS, sink);
    } catch (JsonParseException | IllegalArgumentException e) {
      // Jackson reports bad base64 characters as IllegalArgumentException, bad padding as a parse
      // error.
      throw new InvalidInputException("invalid_base64", "payload is not valid base64.");
    }
  }

  private static void requireString(JsonToken value, String field) {
    if (value != JsonToken.VALUE_STRING) {
      throw wrongType(field, "a string");
    }
  }

  private static String text(JsonParser json, JsonToken value, String field) throws IOException {
    requireString(value, field);
    return json.getText();
  }

  private static long ttl(JsonParser json, JsonToken value) throws IOException {
    if (value != JsonToken.VALUE_NUMBER_INT
        || json.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      throw new InvalidInputException(
          "invalid_ttl", "ttl_ms must be a whole number of milliseconds.");
    }
    return json.getLongValue();
  }

  private static String meta(JsonParser json, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_NULL) {
      return null;
    }
    if (value != JsonToken.START_OBJECT) {
      throw wrongType("meta", "an object");
    }
    String device = null;
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      JsonToken fieldValue = json.nextToken();
      if (field.equals("device_id") && fieldValue != JsonToken.VALUE_NULL) {
        device = DeviceIdParameter.optional(text(json, fieldValue, "meta.device_id"));
      } else {
        json.skipChildren();
      }
    }
    return device;
  }

  private static InvalidInputException wrongType(String field, String expected) {
    return new InvalidInputException("invalid_field", field + " must be " + expected + ".");
  }

  private static InvalidInputException malformed() {
    return new InvalidInputException(
        "malformed_json", "The request body is not a valid JSON object.");
  }
}
