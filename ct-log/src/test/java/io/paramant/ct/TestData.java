package io.paramant.ct;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the test vectors and known-answer files under {@code src/test/resources}. */
public final class TestData {

  private static final JsonFactory JSON = new JsonFactory();

  private TestData() {}

  /** A file or directory of the test resources. */
  public static Path resource(String name) {
    try {
      return Path.of(TestData.class.getResource("/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A JSON document as maps, lists, strings, booleans and longs. An integer above {@code
   * Long.MAX_VALUE} (a u64 such as 2^64 - 1 in the vectors) wraps to the negative long with the
   * same 64 bits, as Java holds it.
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> json(Path file) {
    try (JsonParser parser = JSON.createParser(file.toFile())) {
      parser.nextToken();
      return (Map<String, Object>) read(parser);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Map<String, Object> json(String resource) {
    return json(resource(resource));
  }

  public static byte[] hex(Object value) {
    return HexFormat.of().parseHex((String) value);
  }

  public static byte[] base64(Object value) {
    return Base64.getDecoder().decode((String) value);
  }

  /** A JSON array of base64 strings, decoded; null (as some vectors have it) is empty. */
  public static List<byte[]> base64List(Object values) {
    List<byte[]> list = new ArrayList<>();
    if (values != null) {
      for (Object value : (List<?>) values) {
        list.add(base64(value));
      }
    }
    return list;
  }

  private static Object read(JsonParser parser) throws IOException {
    switch (parser.currentToken()) {
      case START_OBJECT:
        Map<String, Object> object = new LinkedHashMap<>();
        while (parser.nextToken() != JsonToken.END_OBJECT) {
          String name = parser.currentName();
          parser.nextToken();
          object.put(name, read(parser));
        }
        return object;
      case START_ARRAY:
        List<Object> array = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          array.add(read(parser));
        }
        return array;
      case VALUE_STRING:
        return parser.getText();
      case VALUE_NUMBER_INT:
        return parser.getBigIntegerValue().longValue();
      case VALUE_TRUE:
      case VALUE_FALSE:
        return parser.getBooleanValue();
      case VALUE_NULL:
        return null;
      default:
        throw new IOException(
            "unexpected " + parser.currentToken() + " in " + parser.currentLocation());
    }
  }
}
