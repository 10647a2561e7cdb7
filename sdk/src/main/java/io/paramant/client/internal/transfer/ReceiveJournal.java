package io.paramant.client.internal.transfer;

import io.paramant.client.EnvelopeException;
import io.paramant.client.EnvelopeException.Reason;
import io.paramant.client.FileInfo;
import io.paramant.client.internal.crypto.Digests;
import io.paramant.client.internal.envelope.FileId;
import io.paramant.client.internal.storage.PrivateFiles;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The append-only record of one file's receive, which makes it resumable:
 *
 * <pre>
 * "PRJ2" (4) | header_len u32 | header | SHA-256(header) (32)
 * header: file_id (16) | chunk_count u32 | size u64 | name_len u16 | name | type_len u16 | type | signer_len u16 | signer
 *         | signed_at_ms u64
 * then per accepted chunk: index u32 | length u32 | SHA-256(data) (32)
 * </pre>
 *
 * Every write is forced to disk before the call returns. A torn last entry (a crash while
 * appending) is dropped on load; a damaged header makes the whole journal unusable.
 */
final class ReceiveJournal {

  /**
   * What chunk 0 established for the whole file.
   *
   * @param signer {@code namespace/device} of the signer of every chunk, or empty if the file is
   *     unsigned
   * @param signedAtMillis the signing time every chunk carries (0 if unsigned): the replay record
   *     is filed under it
   */
  record Header(FileId fileId, int chunkCount, FileInfo file, String signer, long signedAtMillis) {}

  /** One accepted chunk. */
  record Entry(int index, int length, byte[] sha256) {}

  private static final byte[] MAGIC = "PRJ2".getBytes(StandardCharsets.US_ASCII);
  private static final int ENTRY_LENGTH = 2 * Integer.BYTES + Digests.SHA256_LENGTH;

  private final Path path;
  private final Header header;
  private final List<Entry> entries;
  private final long entriesStart;

  private ReceiveJournal(Path path, Header header, List<Entry> entries, long entriesStart) {
    this.path = path;
    this.header = header;
    this.entries = entries;
    this.entriesStart = entriesStart;
  }

  /** Starts the journal of a file whose chunk 0 was just accepted. */
  static ReceiveJournal create(Path path, Header header) throws IOException {
    byte[] encoded = encode(header);
    ByteBuffer start =
        ByteBuffer.allocate(MAGIC.length + Integer.BYTES + encoded.length + Digests.SHA256_LENGTH)
            .put(MAGIC)
            .putInt(encoded.length)
            .put(encoded)
            .put(Digests.sha256(encoded))
            .flip();
    try (FileChannel channel = PrivateFiles.create(path)) {
      FileChannels.writeFully(channel, start, 0);
      channel.force(true);
    }
    return new ReceiveJournal(path, header, new ArrayList<>(), start.limit());
  }

  /**
   * @throws EnvelopeException {@link Reason#RESUME_STATE_INVALID} if the header is damaged
   */
  static ReceiveJournal load(Path path) throws IOException {
    ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(path));
    Header header;
    try {
      byte[] magic = new byte[MAGIC.length];
      file.get(magic);
      int length = file.getInt();
      if (!Arrays.equals(magic, MAGIC) || length < 0 || length > file.remaining()) {
        throw damaged();
      }
      byte[] encoded = new byte[length];
      byte[] hash = new byte[Digests.SHA256_LENGTH];
      file.get(encoded).get(hash);
      if (!Arrays.equals(hash, Digests.sha256(encoded))) {
        throw damaged();
      }
      header = decode(ByteBuffer.wrap(encoded));
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw damaged();
    }
    long entriesStart = file.position();
    List<Entry> entries = new ArrayList<>();
    while (file.remaining() >= ENTRY_LENGTH) {
      Entry entry = new Entry(file.getInt(), file.getInt(), new byte[Digests.SHA256_LENGTH]);
      file.get(entry.sha256());
      if (entry.index() != entries.size()) {
        break;
      }
      entries.add(entry);
    }
    return new ReceiveJournal(path, header, entries, entriesStart);
  }

  Header header() {
    return header;
  }

  List<Entry> entries() {
    return List.copyOf(entries);
  }

  /** Records an accepted chunk whose data is already on disk. */
  void append(Entry entry) throws IOException {
    ByteBuffer record =
        ByteBuffer.allocate(ENTRY_LENGTH)
            .putInt(entry.index())
            .putInt(entry.length())
            .put(entry.sha256())
            .flip();
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
      FileChannels.writeFully(channel, record, entriesStart + (long) entries.size() * ENTRY_LENGTH);
      channel.force(true);
    }
    entries.add(entry);
  }

  /** Keeps the first {@code count} entries, dropping the rest and any torn tail. */
  void truncate(int count) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
      channel.truncate(entriesStart + (long) count * ENTRY_LENGTH);
      channel.force(true);
    }
    entries.subList(count, entries.size()).clear();
  }

  void delete() throws IOException {
    Files.deleteIfExists(path);
  }

  private static byte[] encode(Header header) {
    byte[] name = header.file().name().getBytes(StandardCharsets.UTF_8);
    byte[] type = header.file().type().getBytes(StandardCharsets.UTF_8);
    byte[] signer = header.signer().getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(
            FileId.LENGTH
                + Integer.BYTES
                + Long.BYTES
                + 3 * Short.BYTES
                + name.length
                + type.length
                + signer.length
                + Long.BYTES)
        .put(header.fileId().bytes())
        .putInt(header.chunkCount())
        .putLong(header.file().size())
        .putShort((short) name.length)
        .put(name)
        .putShort((short) type.length)
        .put(type)
        .putShort((short) signer.length)
        .put(signer)
        .putLong(header.signedAtMillis())
        .array();
  }

  private static Header decode(ByteBuffer in) {
    byte[] fileId = new byte[FileId.LENGTH];
    in.get(fileId);
    int chunkCount = in.getInt();
    long size = in.getLong();
    String name = string(in);
    String type = string(in);
    String signer = string(in);
    long signedAtMillis = in.getLong();
    if (in.hasRemaining() || chunkCount < 1) {
      throw damaged();
    }
    return new Header(
        FileId.of(fileId), chunkCount, new FileInfo(name, size, type), signer, signedAtMillis);
  }

  private static String string(ByteBuffer in) {
    byte[] bytes = new byte[Short.toUnsignedInt(in.getShort())];
    in.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static EnvelopeException damaged() {
    return new EnvelopeException(Reason.RESUME_STATE_INVALID, "journal header damaged");
  }
}
