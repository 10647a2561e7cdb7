package io.paramant.client.internal.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.client.EnvelopeException;
import io.paramant.client.internal.envelope.Blob;
import io.paramant.client.internal.envelope.FileId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bookkeeping that lets a receive resume: kept blobs and the transfer's file id. */
class ReceiveStateTest {

  private static final String FIRST =
      "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  private static final String SECOND =
      "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";

  @TempDir Path state;

  @Test
  void a_kept_blob_reads_back_whole_until_it_is_dropped() throws IOException {
    ReceiveState receive = new ReceiveState(state);
    ByteBuffer blob = Blob.allocate();
    for (int i = 0; i < Blob.SIZE; i++) {
      blob.put(i, (byte) i);
    }

    receive.spool(FIRST, blob);
    ByteBuffer read = Blob.allocate();

    assertTrue(receive.isSpooled(FIRST));
    assertTrue(receive.readSpooled(FIRST, read));
    assertEquals(blob, read);
    assertEquals(List.of(FIRST), receive.spooled());
    assertEquals(
        PosixFilePermissions.fromString("rw-------"),
        Files.getPosixFilePermissions(receive.directory().resolve(FIRST + ".blob")));
    assertEquals(
        PosixFilePermissions.fromString("rwx------"),
        Files.getPosixFilePermissions(receive.directory()));
    receive.unspool(FIRST);
    assertFalse(receive.readSpooled(FIRST, read));
    assertEquals(List.of(), receive.spooled());
  }

  @Test
  void a_torn_copy_is_never_taken_for_a_blob() throws IOException {
    ReceiveState receive = new ReceiveState(state);
    Files.createDirectories(receive.directory());
    Files.write(receive.directory().resolve(SECOND + ".blob"), new byte[1000]);
    Files.write(receive.directory().resolve("." + FIRST + ".blob.1234.tmp"), new byte[1000]);

    assertEquals(List.of(SECOND), receive.spooled(), "a temporary file is not a kept blob");
    EnvelopeException torn =
        assertThrows(EnvelopeException.class, () -> receive.readSpooled(SECOND, Blob.allocate()));
    assertEquals(EnvelopeException.Reason.RESUME_STATE_INVALID, torn.reason());
  }

  @Test
  void the_file_id_of_a_transfer_is_recorded_and_forgotten() throws IOException {
    ReceiveState receive = new ReceiveState(state);
    FileId id = FileId.random();

    assertEquals(Optional.empty(), receive.fileOf(FIRST));
    receive.recordFile(FIRST, id);
    assertEquals(Optional.of(id), new ReceiveState(state).fileOf(FIRST), "also after a restart");
    receive.forgetFile(FIRST);
    assertEquals(Optional.empty(), receive.fileOf(FIRST));

    Files.writeString(receive.directory().resolve(SECOND + ".file"), "not an id");
    assertEquals(
        EnvelopeException.Reason.RESUME_STATE_INVALID,
        assertThrows(EnvelopeException.class, () -> receive.fileOf(SECOND)).reason());
  }

  @Test
  void names_are_hashes_only() {
    ReceiveState receive = new ReceiveState(state);

    assertThrows(IllegalArgumentException.class, () -> receive.isSpooled("../../etc/passwd"));
    assertThrows(IllegalArgumentException.class, () -> receive.fileOf(FIRST.toUpperCase()));
  }
}
