package io.paramant.relay.keys.boundary;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.paramant.relay.InvalidInputException;
import io.paramant.relay.keys.KeyRegistration;
import java.io.IOException;

/**
 * Reads the JSON of {@code POST /v2/pubkey}: {@code {"device_id","kyber_pub"|"kem_pub",
 * "ecdh_pub"?,"dsa_pub"|"sig_pub"?}}. {@code kem_pub} and {@code sig_pub} are aliases; a request
 * that gives both names of one key with different values is refused. {@code null} counts as absent;
 * unknown fields are ignored; a field given twice is malformed JSON. The key texts are decoded and
 * validated by the directory.
 */
final class PubkeyJson {

  private static final JsonFactory FACTORY =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private PubkeyJson() {}

  /**
   * @throws InvalidInputException {@code malformed_json}, {@code invalid_field} (a known field that
   *     is not a string) or {@code conflicting_fields}
   */
  static KeyRegistration read(byte[] body) {
    try (JsonParser json = FACTORY.createParser(body)) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        throw malformed();
      }
      String deviceId = null;
      String kyberPub = null;
      String kemPub = null;
      String ecdhPub = null;
      String dsaPub = null;
      String sigPub = null;
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String field = json.currentName();
        JsonToken value = json.nextToken();
        switch (field) {
          case "device_id" -> deviceId = text(json, value, field);
          case "kyber_pub" -> kyberPub = text(json, value, field);
          case "kem_pub" -> kemPub = text(json, value, field);
          case "ecdh_pub" -> ecdhPub = text(json, value, field);
          case "dsa_pub" -> dsaPub = text(json, value, field);
          case "sig_pub" -> sigPub = text(json, value, field);
          default -> json.skipChildren();
        }
      }
      if (json.currentToken() != JsonToken.END_OBJECT || json.nextToken() != null) {
        throw malformed();
      }
      return new KeyRegistration(
          deviceId,
          alias(kyberPub, kemPub, "kyber_pub", "kem_pub"),
          ecdhPub,
          alias(dsaPub, sigPub, "dsa_pub", "sig_pub"));
    } catch (JsonParseException e) {
      throw malformed();
    } catch (IOException e) {
      // the body is already in memory: only a parser failure can get here
      throw malformed();
    }
  }

  private static String alias(String name, String alias, String nameField, String aliasField) {
    if (name != null && alias != null && !name.equals(alias)) {
      throw new InvalidInputException(
          "conflicting_fields",
          nameField + " and " + aliasField + " name the same key; give one, or the same value.");
    }
    return name != null ? name : alias;
  }

  /** A string, or {@code null} for JSON null. */
  private static String text(JsonParser json, JsonToken value, String field) throws IOException {
    if (value == JsonToken.VALUE_NULL) {
      return null;
    }
    if (value != JsonToken.VALUE_STRING) {
      throw new InvalidInputException("invalid_field", field + " must be a string.");
    }
    return json.getText();
  }

  private static InvalidInputException malformed() {
    return new InvalidInputException(
        "malformed_json", "The request body is not a valid JSON object.");
  }
}
