package io.paramant.client.internal.transfer;

import static io.paramant.client.internal.transfer.OutgoingFile.CHUNK_DATA_SIZE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.paramant.client.FileInfo;
import io.paramant.client.internal.envelope.Blob;
import io.paramant.client.internal.envelope.ChunkMeta;
import io.paramant.client.internal.envelope.Envelope;
import io.paramant.client.internal.envelope.FileId;
import io.paramant.client.internal.envelope.Recipient;
import io.paramant.client.internal.envelope.Signing;
import io.paramant.client.testing.Keys;
import io.paramant.client.testing.Transfers;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutgoingFileTest {

  @ParameterizedTest
  @CsvSource({"0, 1", "1, 1", "5234688, 1", "5234689, 2", "10469376, 2", "10469377, 3"})
  void a_file_is_cut_into_as_few_chunks_as_fit(long size, int chunks) {
    assertEquals(CHUNK_DATA_SIZE, 5_234_688);
    assertEquals(chunks, OutgoingFile.chunkCount(size));
  }

  @Test
  void the_chunks_of_a_file_on_disk_are_the_file_in_order(@TempDir Path directory)
      throws Exception {
    byte[] content = Transfers.content(2 * CHUNK_DATA_SIZE + 17);
    Path path = Files.write(directory.resolve("report.pdf"), content);
    ByteArrayOutputStream joined = new ByteArrayOutputStream();

    try (OutgoingFile file = OutgoingFile.open(path, "application/pdf")) {
      for (int i = 0; i < file.chunkCount(); i++) {
        ByteBuffer chunk = file.chunk(i);
        byte[] bytes = new byte[chunk.remaining()];
        chunk.get(bytes);
        joined.write(bytes);
      }
      assertEquals(new FileInfo("report.pdf", content.length, "application/pdf"), file.info());
      assertEquals(Optional.of(file.info()), file.meta(0).file());
      assertEquals(ChunkMeta.following(2, 3), file.meta(2));
    }
    assertArrayEquals(content, joined.toByteArray());
  }

  @Test
  void a_full_chunk_with_the_largest_possible_meta_still_fits_one_signed_hybrid_blob() {
    String longestName = "\"".repeat(255);
    String longestType = "€".repeat(255);
    FileInfo file = new FileInfo(longestName, Long.MAX_VALUE, longestType);

    new Envelope()
        .seal(
            Recipient.device(Keys.BOB.publicKeys()),
            FileId.random(),
            ChunkMeta.first(Integer.MAX_VALUE, file),
            ByteBuffer.allocate(CHUNK_DATA_SIZE),
            Signing.to(
                Keys.ALICE,
                "team:" + "t".repeat(64),
                "a".repeat(128),
                "b".repeat(128),
                Long.MAX_VALUE),
            Blob.allocate());
  }

  @Test
  void there_is_no_chunk_beyond_the_last() {
    try (OutgoingFile file = OutgoingFile.of(new byte[10], "a", "text/plain")) {
      assertThrows(IndexOutOfBoundsException.class, () -> file.chunk(1));
    }
  }
}
