package io.paramant.relay.blob.boundary;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.paramant.relay.InvalidInputException;
import io.paramant.relay.blob.BlobHash;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Stream-parses the JSON form of {@code POST /v2/inbound}: {@code
 * {"hash","payload":"<base64>","ttl_ms"?,"meta":{"device_id"?}?}}.
 *
 * <p>The base64 payload is decoded by Jackson's streaming parser straight into the caller's sink
 * (the blob's slab), so a 5 MiB payload never exists as a {@code String} or a {@code byte[]}.
 * Fields may come in any order; unknown fields are skipped; a field given twice is malformed JSON.
 */
final class InboundJson {

  /** The fields other than the payload, which went to the sink. */
  record Fields(String hash, Long ttlMs, String device) {}

  private static final JsonFactory FACTORY =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private InboundJson() {}

  /**
   * @throws InvalidInputException for malformed JSON, wrong types, missing fields or bad base64
   * @throws IOException when the body cannot be read (the client stalled or went away)
   */
  static Fields read(InputStream body, OutputStream payloadSink) throws IOException {
    try (JsonParser json = FACTORY.createParser(body)) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        throw malformed();
      }
      String hash = null;
      Long ttlMs = null;
      String device = null;
      boolean payload = false;
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String field = json.currentName();
        JsonToken value = json.nextToken();
        switch (field) {
          case "hash":
            hash = BlobHash.parse(text(json, value, field));
            break;
          case "payload":
            requireString(value, field);
            decodeBase64(json, payloadSink);
            payload = true;
            break;
          case "ttl_ms":
            ttlMs = value == JsonToken.VALUE_NULL ? null : ttl(json, value);
            break;
          case "meta":
            device = meta(json, value);
            break;
          default:
            json.skipChildren();
        }
      }
      if (json.currentToken() != JsonToken.END_OBJECT || json.nextToken() != null) {
        throw malformed();
      }
      if (hash == null) {
        throw new InvalidInputException("missing_field", "hash is required.");
      }
      if (!payload) {
        throw new InvalidInputException("missing_field", "payload is required.");
      }
      return new Fields(hash, ttlMs, device);
    } catch (JsonParseException e) {
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
        device = DeviceId.parse(text(json, fieldValue, "meta.device_id"));
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
