package io.paramant.accounts;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.ByteArrayInputStream;
import java.util.Map;

/**
 * Reading JSON that someone else wrote (a client's body, a peer's answer) with JSON-P, in one
 * place, so that every way the parser can refuse it becomes one exception. Besides {@code
 * JsonException} and {@code IllegalStateException}, Parsson throws {@code NumberFormatException}
 * for an exponent like {@code 1e9999999999} and a plain {@code RuntimeException} for input nested
 * more than 1,000 deep; a caller that caught only the first two answered 500 to such a body.
 */
public final class JsonText {

  /** JSON-P factories made once: each {@code Json.createX} call looks the provider up again. */
  private static final JsonParserFactory PARSERS = Json.createParserFactory(Map.of());

  /** The text is not one JSON value of the expected kind. */
  public static final class Malformed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Malformed(Throwable cause) {
      super("not valid JSON", cause, false, false);
    }

    Malformed(String message) {
      super(message, null, false, false);
    }
  }

  private JsonText() {}

  /**
   * @throws Malformed whatever the parser refuses, and anything after the value
   */
  public static JsonValue value(byte[] bytes) {
    try (JsonParser parser = PARSERS.createParser(new ByteArrayInputStream(bytes))) {
      parser.next();
      JsonValue value = parser.getValue();
      if (parser.hasNext()) {
        throw new Malformed("more after the JSON value");
      }
      return value;
    } catch (Malformed e) {
      throw e;
    } catch (RuntimeException e) {
      throw new Malformed(e);
    }
  }

  /**
   * @throws Malformed whatever the parser refuses, or a value that is not an object
   */
  public static JsonObject object(byte[] bytes) {
    JsonValue value = value(bytes);
    if (value.getValueType() != JsonValue.ValueType.OBJECT) {
      throw new Malformed("not a JSON object");
    }
    return value.asJsonObject();
  }
}
