package io.paramant.licence;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The payload of a token, {@code {"v":1,"id":…,"to":…,"iat":…,"exp":…,"max_users":…}} in UTF-8,
 * written and read with the Jackson streaming API. Reading is strict: version 1 only, every field
 * present once with its type, {@code max_users} at least 1, {@code exp} after {@code iat}; fields
 * it does not know are skipped, so a later issuer may add some.
 */
final class LicencePayload {

  static final int VERSION = 1;

  /** Bounds on the text fields, so that a licence stays well inside a token's length. */
  static final int MAX_ID_CHARS = 64;

  static final int MAX_ISSUED_TO_CHARS = 256;

  private static final JsonFactory JSON =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private LicencePayload() {}

  static byte[] write(Licence licence) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JsonGenerator json = JSON.createGenerator(bytes)) {
      json.writeStartObject();
      json.writeNumberField("v", VERSION);
      json.writeStringField("id", licence.id());
      json.writeStringField("to", licence.issuedTo());
      json.writeStringField("iat", licence.issuedAt().toString());
      json.writeStringField("exp", licence.expires().toString());
      json.writeNumberField("max_users", licence.maxUsers());
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return bytes.toByteArray();
  }

  /** The licence in {@code payload}, whose signature has already been checked. */
  static Licence read(byte[] payload) throws LicenceException {
    String text = utf8(payload);
    Integer version = null;
    String id = null;
    String issuedTo = null;
    Instant issuedAt = null;
    Instant expires = null;
    Integer maxUsers = null;
    try (JsonParser json = JSON.createParser(text)) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        throw malformed("the licence payload is not a JSON object");
      }
      for (JsonToken token = json.nextToken();
          token != JsonToken.END_OBJECT;
          token = json.nextToken()) {
        String field = json.currentName();
        JsonToken value = json.nextToken();
        switch (field) {
          case "v" -> version = integer(json, value, field);
          case "id" -> id = text(json, value, field, MAX_ID_CHARS);
          case "to" -> issuedTo = text(json, value, field, MAX_ISSUED_TO_CHARS);
          case "iat" -> issuedAt = instant(json, value, field);
          case "exp" -> expires = instant(json, value, field);
          case "max_users" -> maxUsers = integer(json, value, field);
          default -> json.skipChildren();
        }
      }
      if (json.nextToken() != null) {
        throw malformed("the licence payload has content after its JSON object");
      }
    } catch (IOException e) {
      // Jackson's message quotes the payload; say only that it is not JSON.
      throw malformed("the licence payload is not valid JSON");
    }
    if (version == null) {
      throw missing("v");
    }
    if (version != VERSION) {
      throw malformed("the licence payload has version " + version + "; only 1 is known");
    }
    if (id == null) {
      throw missing("id");
    }
    if (issuedTo == null) {
      throw missing("to");
    }
    if (issuedAt == null) {
      throw missing("iat");
    }
    if (expires == null) {
      throw missing("exp");
    }
    if (maxUsers == null) {
      throw missing("max_users");
    }
    if (maxUsers < 1) {
      throw malformed("the licence field max_users is " + maxUsers + "; it must be at least 1");
    }
    if (!expires.isAfter(issuedAt)) {
      throw malformed("the licence expires (exp) before it was issued (iat)");
    }
    return new Licence(id, issuedTo, issuedAt, expires, maxUsers);
  }

  /** Whether {@code value} is fit for a text field: not blank, bounded, no control characters. */
  static boolean isPrintable(String value, int maxChars) {
    return !value.isBlank()
        && value.length() <= maxChars
        && value.codePoints().noneMatch(Character::isISOControl);
  }

  private static String utf8(byte[] payload) throws LicenceException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(payload))
          .toString();
    } catch (CharacterCodingException e) {
      throw malformed("the licence payload is not UTF-8");
    }
  }

  private static int integer(JsonParser json, JsonToken value, String field)
      throws IOException, LicenceException {
    if (value != JsonToken.VALUE_NUMBER_INT || json.getNumberType() != JsonParser.NumberType.INT) {
      throw malformed("the licence field " + field + " is not an integer");
    }
    return json.getIntValue();
  }

  private static String text(JsonParser json, JsonToken value, String field, int maxChars)
      throws IOException, LicenceException {
    if (value != JsonToken.VALUE_STRING) {
      throw malformed("the licence field " + field + " is not a string");
    }
    String text = json.getText();
    if (!isPrintable(text, maxChars)) {
      throw malformed(
          "the licence field "
              + field
              + " is blank, longer than "
              + maxChars
              + " characters or has control characters");
    }
    return text;
  }

  private static Instant instant(JsonParser json, JsonToken value, String field)
      throws IOException, LicenceException {
    if (value != JsonToken.VALUE_STRING) {
      throw malformed("the licence field " + field + " is not a string");
    }
    try {
      return Instant.parse(json.getText());
    } catch (DateTimeParseException e) {
      throw malformed("the licence field " + field + " is not an ISO-8601 instant");
    }
  }

  private static LicenceException missing(String field) {
    return malformed("the licence payload has no field " + field);
  }

  private static LicenceException malformed(String message) {
    return new LicenceException(LicenceException.Reason.MALFORMED, message);
  }
}
