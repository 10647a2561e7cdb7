package io.paramant.client.internal.envelope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.paramant.client.EnvelopeException;
import io.paramant.client.EnvelopeException.Reason;
import io.paramant.client.FileInfo;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChunkMetaTest {

  @Test
  void chunk_0_is_written_canonically_with_sorted_members_and_no_whitespace() {
    // Only quote, backslash and control characters are escaped; other text stays literal UTF-8.
    ChunkMeta meta =
        ChunkMeta.first(
            3, new FileInfo("Résumé \"final\".pdf", 12_345_678_901L, "application/x-\\odd"));

    assertEquals(
        "{\"i\":0,\"n\":3,\"name\":\"Résumé \\\"final\\\".pdf\",\"size\":12345678901,"
            + "\"type\":\"application/x-\\\\odd\"}",
        new String(meta.encode(), StandardCharsets.UTF_8));
  }

  @Test
  void later_chunks_carry_only_their_position() {
    assertEquals(
        "{\"i\":2,\"n\":3}",
        new String(ChunkMeta.following(2, 3).encode(), StandardCharsets.UTF_8));
  }

  @Test
  void what_is_written_reads_back_the_same() {
    ChunkMeta meta = ChunkMeta.first(1, new FileInfo("日本語.txt", 0, "text/plain; charset=utf-8"));

    assertEquals(meta, ChunkMeta.parse(meta.encode()));
  }

  @Test
  void meta_from_other_clients_may_use_whitespace_any_member_order_and_extra_members() {
    String json =
        "{ \"type\": \"text/plain\", \"size\": 5, \"n\": 1, \"client\": {\"v\": [1, 2]}, \"i\": 0,"
            + " \"name\": \"a.txt\" }\n";

    ChunkMeta meta = ChunkMeta.parse(json.getBytes(StandardCharsets.UTF_8));

    assertEquals(Optional.of(new FileInfo("a.txt", 5, "text/plain")), meta.file());
  }

  @Test
  void a_missing_media_type_defaults_to_octet_stream() {
    ChunkMeta meta =
        ChunkMeta.parse(
            "{\"i\":0,\"n\":1,\"name\":\"a\",\"size\":1}".getBytes(StandardCharsets.UTF_8));

    assertEquals(FileInfo.DEFAULT_TYPE, meta.file().orElseThrow().type());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "[]",
        "{\"i\":0}",
        "{\"i\":1,\"n\":1}",
        "{\"i\":-1,\"n\":1}",
        "{\"i\":0,\"n\":1,\"name\":\"a\"}",
        "{\"i\":0,\"n\":1,\"name\":\"a\",\"size\":-1}",
        "{\"i\":0,\"n\":1,\"name\":\"a\",\"size\":1.5}",
        "{\"i\":0,\"n\":1,\"name\":7,\"size\":1}",
        "{\"i\":\"0\",\"n\":1}",
        "{\"i\":0,\"i\":0,\"n\":1,\"name\":\"a\",\"size\":1}",
        "{\"i\":0,\"n\":1,\"name\":\"a\",\"size\":1} {}",
        "{\"i\":0,\"n\":99999999999,\"name\":\"a\",\"size\":1}",
        "{\"i\":0,\"n\":1,\"name\":\"a\",\"size\":1,\"type\":\"\"}",
        "{\"i\":0,\"n\":1,\"name\":\"a\",\"size\":1",
      })
  void malformed_meta_is_refused(String json) {
    EnvelopeException refused =
        assertThrows(
            EnvelopeException.class, () -> ChunkMeta.parse(json.getBytes(StandardCharsets.UTF_8)));

    assertEquals(Reason.MALFORMED_PLAINTEXT, refused.reason(), json);
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", ".", "", "a/b", "..\\\\evil", "tab\\there", "nul\\u0000"})
  void unsafe_file_names_are_refused(String name) {
    byte[] json =
        ("{\"i\":0,\"n\":1,\"name\":\"" + name + "\",\"size\":1}").getBytes(StandardCharsets.UTF_8);

    assertEquals(
        Reason.UNSAFE_FILE_NAME,
        assertThrows(EnvelopeException.class, () -> ChunkMeta.parse(json)).reason());
  }

  @Test
  void error_messages_do_not_quote_the_sender_supplied_text() {
    byte[] json =
        "{\"i\":0,\"n\":1,\"name\":\"secret-plan.txt\",\"size\":1,}"
            .getBytes(StandardCharsets.UTF_8);

    EnvelopeException refused = assertThrows(EnvelopeException.class, () -> ChunkMeta.parse(json));

    assertEquals("malformed chunk plaintext: meta is not valid JSON", refused.getMessage());
  }
}
