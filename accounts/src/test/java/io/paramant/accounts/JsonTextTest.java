package io.paramant.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonTextTest {

  @Test
  void every_way_the_parser_refuses_a_text_is_one_exception() {
    for (String text :
        List.of(
            "",
            "{",
            "{\"a\":1}}",
            "{\"a\":1e9999999999}",
            "{\"a\":" + "[".repeat(1001) + "]".repeat(1001) + "}",
            "[".repeat(5000),
            "\"text\"",
            "[1]")) {
      assertThrows(
          JsonText.Malformed.class,
          () -> JsonText.object(text.getBytes(StandardCharsets.UTF_8)),
          () -> text.length() > 40 ? text.substring(0, 40) + "…" : text);
    }
    assertEquals(1, JsonText.object("{\"a\":1}".getBytes(StandardCharsets.UTF_8)).getInt("a"));
  }
}
