package io.paramant.client.internal.envelope;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.paramant.client.EnvelopeException;

/**
 * The meta JSON of a chunk, which any sender chooses (it is authenticated, not trusted): {@link
 * ChunkMeta#parse} refuses with {@link EnvelopeException} only, and a meta it accepts encodes
 * canonically to bytes that parse to an equal meta. Seeds and findings:
 * src/test/resources/io/paramant/client/internal/envelope/ChunkMetaFuzzTestInputs/.
 */
class ChunkMetaFuzzTest {

  @FuzzTest
  void parse(byte[] json) {
    ChunkMeta meta;
    try {
      meta = ChunkMeta.parse(json);
    } catch (EnvelopeException refused) {
      return;
    }
    assertEquals(meta, ChunkMeta.parse(meta.encode()));
  }
}
