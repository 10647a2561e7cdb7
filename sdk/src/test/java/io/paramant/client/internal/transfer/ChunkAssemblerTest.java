package io.paramant.client.internal.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.paramant.client.EnvelopeException;
import io.paramant.client.EnvelopeException.Reason;
import io.paramant.client.FileInfo;
import io.paramant.client.SenderSignatureException;
import io.paramant.client.internal.envelope.Blob;
import io.paramant.client.internal.envelope.ChunkMeta;
import io.paramant.client.internal.envelope.Credential;
import io.paramant.client.internal.envelope.Envelope;
import io.paramant.client.internal.envelope.FileId;
import io.paramant.client.internal.envelope.OpenedChunk;
import io.paramant.client.internal.envelope.Recipient;
import io.paramant.client.internal.envelope.SenderDirectory;
import io.paramant.client.internal.envelope.Signing;
import io.paramant.client.testing.Keys;
import io.paramant.client.testing.Transfers;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ordering, file identity, sender consistency, atomic completion and resumption of a chunked
 * receive.
 */
class ChunkAssemblerTest {

  private static final Envelope ENVELOPE = new Envelope();
  private static final byte[] CONTENT = Transfers.content(2 * OutgoingFile.CHUNK_DATA_SIZE + 1000);
  private static final FileId FILE_ID = FileId.random();

  /** The three blobs of CONTENT, sealed to Bob, unsigned. */
  private static final List<ByteBuffer> BLOBS = seal(FILE_ID, null);

  @TempDir Path target;
  @TempDir Path state;

  @Test
  void three_chunks_in_order_give_the_file_byte_for_byte_under_its_name() throws Exception {
    ChunkAssembler assembler = assembler();
    for (int i = 0; i < 3; i++) {
      assertEquals(i, assembler.nextIndex());
      assembler.accept(chunk(i));
    }

    Path received = assembler.finish();

    assertEquals(target.resolve("three.bin"), received);
    assertArrayEquals(CONTENT, Files.readAllBytes(received));
    Transfers.assertEmpty(state);
    assertEquals(List.of(received), Files.list(target).toList());
  }

  @Test
  @DisabledOnOs(OS.WINDOWS)
  void the_part_file_the_received_file_and_the_journal_are_owner_only() throws Exception {
    ChunkAssembler assembler = assembler();
    assembler.accept(chunk(0));

    assertEquals("rw-------", permissions(target.resolve(".paramant-" + FILE_ID.hex() + ".part")));
    assertEquals("rw-------", permissions(state.resolve(FILE_ID.hex() + ".journal")));
    assembler.accept(chunk(1));
    assembler.accept(chunk(2));
    assertEquals("rw-------", permissions(assembler.finish()));
  }

  @Test
  void a_duplicate_chunk_is_refused_and_the_receive_goes_on() throws Exception {
    ChunkAssembler assembler = assembler();
    assembler.accept(chunk(0));

    assertRefused(Reason.CHUNK_OUT_OF_ORDER, assembler, chunk(0));

    assembler.accept(chunk(1));
    assembler.accept(chunk(2));
    assertArrayEquals(CONTENT, Files.readAllBytes(assembler.finish()));
  }

  @Test
  void a_gap_is_refused_and_no_file_appears() {
    ChunkAssembler assembler = assembler();
    assembler.accept(chunk(0));

    assertRefused(Reason.CHUNK_OUT_OF_ORDER, assembler, chunk(2));
    assertEquals(
        Reason.INCOMPLETE, assertThrows(EnvelopeException.class, assembler::finish).reason());
    assertFalse(Files.exists(target.resolve("three.bin")));
  }

  @Test
  void a_chunk_before_chunk_0_is_refused_before_anything_is_written() {
    ChunkAssembler assembler = assembler();

    assertRefused(Reason.CHUNK_OUT_OF_ORDER, assembler, chunk(1));
    Transfers.assertEmpty(target, state);
  }

  @Test
  void a_chunk_of_another_file_is_refused() {
    ChunkAssembler assembler = assembler();
    assembler.accept(chunk(0));
    OpenedChunk foreign = open(seal(FileId.random(), null).get(1));

    assertRefused(Reason.CHUNK_FROM_OTHER_FILE, assembler, foreign);
    assertEquals(1, assembler.nextIndex());
  }

  @Test
  void a_chunk_claiming_another_chunk_count_is_refused() {
    ChunkAssembler assembler = assembler();
    assembler.accept(chunk(0));
    ByteBuffer blob = Blob.allocate();
    ENVELOPE.seal(
        Recipient.device(Keys.BOB.publicKeys()),
        FILE_ID,
        ChunkMeta.following(1, 4),
        ByteBuffer.wrap(new byte[10]),
        blob);

    assertRefused(Reason.CHUNK_OUT_OF_ORDER, assembler, open(blob.flip()));
  }

  @Test
  void chunks_from_another_sender_than_chunk_0_are_refused() {
    List<ByteBuffer> signed = seal(FILE_ID, Keys.aliceToBob());
    SenderDirectory senders =
        SenderDirectory.of(
            Keys.NAMESPACE,
            "bob",
            Map.of("alice", Keys.ALICE.publicKeys(), "mallory", Keys.MALLORY.publicKeys()));
    ChunkAssembler assembler = assembler();
    assembler.accept(
        ENVELOPE.open(Transfers.copy(signed.get(0)), Credential.device(Keys.BOB), senders));

    assertMixed(assembler, chunk(1));
    assertMixed(
        assembler,
        ENVELOPE.open(
            Transfers.copy(seal(FILE_ID, Keys.signing(Keys.MALLORY, "mallory", "bob")).get(1)),
            Credential.device(Keys.BOB),
            senders));
    assertEquals(1, assembler.nextIndex());
  }

  @Test
  void a_signed_chunk_after_an_unsigned_chunk_0_is_refused() {
    ChunkAssembler assembler = assembler();
    assembler.accept(chunk(0));

    assertMixed(
        assembler,
        ENVELOPE.open(
            Transfers.copy(seal(FILE_ID, Keys.aliceToBob()).get(1)),
            Credential.device(Keys.BOB),
            Keys.bobsDirectory()));
  }

  @Test
  void data_beyond_the_announced_size_is_refused_before_it_is_written() {
    ByteBuffer blob = Blob.allocate();
    ENVELOPE.seal(
        Recipient.device(Keys.BOB.publicKeys()),
        FILE_ID,
        ChunkMeta.first(1, new FileInfo("short.txt", 10, "text/plain")),
        ByteBuffer.wrap(new byte[20]),
        blob);

    assertRefused(Reason.FILE_SIZE_MISMATCH, assembler(), open(blob.flip()));
    Transfers.assertEmpty(target, state);
  }

  @Test
  void a_last_chunk_that_leaves_the_file_short_is_refused() {
    ByteBuffer blob = Blob.allocate();
    ENVELOPE.seal(
        Recipient.device(Keys.BOB.publicKeys()),
        FILE_ID,
        ChunkMeta.first(1, new FileInfo("long.txt", 30, "text/plain")),
        ByteBuffer.wrap(new byte[20]),
        blob);

    assertRefused(Reason.FILE_SIZE_MISMATCH, assembler(), open(blob.flip()));
    Transfers.assertEmpty(target, state);
  }

  @Test
  void an_existing_file_of_the_same_name_is_never_replaced() throws Exception {
    Path existing = Files.writeString(target.resolve("three.bin"), "mine");

    assertRefused(Reason.TARGET_EXISTS, assembler(), chunk(0));

    assertEquals("mine", Files.readString(existing));
    assertEquals(List.of(existing), Files.list(target).toList());
  }

  @Test
  void an_interrupted_receive_resumes_after_the_last_recorded_chunk() throws Exception {
    ChunkAssembler first = assembler();
    first.accept(chunk(0));
    first.accept(chunk(1));

    ChunkAssembler resumed = assembler();

    assertEquals(2, resumed.nextIndex());
    assertEquals(OptionalInt.of(3), resumed.chunkCount());
    resumed.accept(chunk(2));
    assertArrayEquals(CONTENT, Files.readAllBytes(resumed.finish()));
  }

  @Test
  void resuming_re_verifies_the_part_file_and_drops_a_damaged_chunk() throws Exception {
    ChunkAssembler first = assembler();
    first.accept(chunk(0));
    first.accept(chunk(1));
    Path part = target.resolve(".paramant-" + FILE_ID.hex() + ".part");
    try (var channel = java.nio.channels.FileChannel.open(part, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(new byte[] {42}), OutgoingFile.CHUNK_DATA_SIZE + 5L);
    }

    ChunkAssembler resumed = assembler();

    assertEquals(1, resumed.nextIndex());
    assertEquals(OutgoingFile.CHUNK_DATA_SIZE, Files.size(part));
    resumed.accept(chunk(1));
    resumed.accept(chunk(2));
    assertArrayEquals(CONTENT, Files.readAllBytes(resumed.finish()));
  }

  @Test
  void a_journal_entry_torn_by_a_crash_is_dropped() throws Exception {
    assembler().accept(chunk(0));
    Files.write(
        state.resolve(FILE_ID.hex() + ".journal"),
        new byte[] {0, 0, 0, 1, 0, 0},
        StandardOpenOption.APPEND);

    ChunkAssembler resumed = assembler();

    assertEquals(1, resumed.nextIndex());
    resumed.accept(chunk(1));
    resumed.accept(chunk(2));
    assertArrayEquals(CONTENT, Files.readAllBytes(resumed.finish()));
  }

  @Test
  void a_damaged_journal_header_is_reported_and_abandoning_clears_the_state() throws Exception {
    assembler().accept(chunk(0));
    Path journal = state.resolve(FILE_ID.hex() + ".journal");
    byte[] bytes = Files.readAllBytes(journal);
    bytes[20] ^= 1;
    Files.write(journal, bytes);

    EnvelopeException refused = assertThrows(EnvelopeException.class, this::assembler);
    ChunkAssembler.abandon(FILE_ID, target, state);

    assertEquals(Reason.RESUME_STATE_INVALID, refused.reason());
    Transfers.assertEmpty(target, state);
    assertEquals(0, assembler().nextIndex());
  }

  private ChunkAssembler assembler() {
    return ChunkAssembler.forFile(FILE_ID, target, state);
  }

  private static OpenedChunk chunk(int index) {
    return open(BLOBS.get(index));
  }

  private static OpenedChunk open(ByteBuffer blob) {
    return ENVELOPE.open(Transfers.copy(blob), Credential.device(Keys.BOB), SenderDirectory.none());
  }

  private static List<ByteBuffer> seal(FileId fileId, Signing sender) {
    try (OutgoingFile file = OutgoingFile.of(CONTENT, "three.bin", "application/octet-stream")) {
      return Transfers.seal(
          ENVELOPE, Recipient.device(Keys.BOB.publicKeys()), file, fileId, sender);
    }
  }

  private static void assertRefused(Reason expected, ChunkAssembler assembler, OpenedChunk chunk) {
    EnvelopeException refused =
        assertThrows(EnvelopeException.class, () -> assembler.accept(chunk));
    assertEquals(expected, refused.reason(), refused.getMessage());
  }

  private static void assertMixed(ChunkAssembler assembler, OpenedChunk chunk) {
    SenderSignatureException refused =
        assertThrows(SenderSignatureException.class, () -> assembler.accept(chunk));
    assertEquals(SenderSignatureException.Reason.MIXED_SIGNERS, refused.reason());
  }

  private static String permissions(Path file) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }
}
