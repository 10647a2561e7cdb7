package io.paramant.relay.delivery.boundary;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.paramant.relay.InvalidInputException;
import io.paramant.relay.delivery.DeliveryException;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads the small JSON bodies of the delivery routes: one object whose known fields are strings.
 * The body is read up to a limit and no further (413 beyond it, before parsing; a declared {@code
 * Content-Length} above it is refused before reading). Unknown fields are skipped; {@code null}
 * counts as absent; a known field of another type is 400 {@code invalid_field}; a field given
 * twice, trailing content or anything but one object is 400 {@code malformed_json}. Other features
 * with small JSON bodies use it too ({@code POST /v2/team/add-device}).
 */
public final class JsonFields {

  private static final JsonFactory FACTORY =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private JsonFields() {}

  /**
   * @return the known fields present, by name
   */
  public static Map<String, String> read(
      InputStream body, Long declaredLength, int limit, Set<String> known) {
    if (declaredLength != null && declaredLength > limit) {
      throw DeliveryException.bodyTooLarge(limit);
    }
    byte[] bytes;
    try {
      bytes = body.readNBytes(limit + 1);
    } catch (IOException e) {
      throw new InvalidInputException(
          "incomplete_body", "The request body could not be read completely.");
    }
    if (bytes.length > limit) {
      throw DeliveryException.bodyTooLarge(limit);
    }
    return parse(bytes, known);
  }

  static Map<String, String> parse(byte[] bytes, Set<String> known) {
    Map<String, String> fields = new HashMap<>();
    try (JsonParser json = FACTORY.createParser(bytes)) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        throw malformed();
      }
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String name = json.currentName();
        JsonToken value = json.nextToken();
        if (!known.contains(name)) {
          json.skipChildren();
        } else if (value == JsonToken.VALUE_STRING) {
          fields.put(name, json.getText());
        } else if (value != JsonToken.VALUE_NULL) {
          throw new InvalidInputException("invalid_field", name + " must be a string.");
        }
      }
      if (json.currentToken() != JsonToken.END_OBJECT || json.nextToken() != null) {
        throw malformed();
      }
      return fields;
    } catch (JsonParseException e) {
      throw malformed();
    } catch (IOException e) {
      throw malformed(); // a byte array cannot fail to be read: only the JSON can be wrong
    }
  }

  private static InvalidInputException malformed() {
    return new InvalidInputException(
        "malformed_json", "The request body is not a valid JSON object.");
  }
}
