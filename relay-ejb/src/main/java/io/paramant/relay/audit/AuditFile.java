package io.paramant.relay.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * One account's audit chain on disk: a text file of lines, owner-only, in the sector's {@code
 * audit/} directory, appended to and never changed in place (retention rewrites it whole and
 * renames it over the old one).
 *
 * <pre>
 * paramant-audit/v1 &lt;audit id, hex&gt; &lt;base seq&gt; &lt;base hash, hex&gt;     the header
 * E &lt;entry hash, hex&gt; &lt;canonical JSON of the entry&gt;                    an entry
 * A &lt;seq&gt; &lt;head hash, hex&gt; &lt;ct_index&gt; &lt;inserted_at ms&gt;                   an anchor
 * </pre>
 *
 * The base is where the kept chain starts: seq 0 and 32 zero bytes until retention drops the oldest
 * entries, then the seq and hash of the last entry dropped. A last line without its newline is a
 * write cut by a crash and is cut off when the file is opened.
 */
final class AuditFile {

  static final String HEADER = "paramant-audit/v1";
  private static final HexFormat HEX = HexFormat.of();

  private AuditFile() {}

  /** The file's header. */
  record Header(byte[] auditId, long baseSeq, byte[] baseHash) {
    String line() {
      return HEADER + " " + HEX.formatHex(auditId) + " " + baseSeq + " " + HEX.formatHex(baseHash);
    }
  }

  /** A line of the file after the header. */
  sealed interface Line {}

  /** An entry with its hash as stored. */
  record Entry(AuditEntry entry, byte[] hash) implements Line {}

  /** An anchor: the head {@code head} at {@code seq} is the audit leaf {@code ctIndex}. */
  record Anchor(long seq, byte[] head, long ctIndex, long insertedAtMs) implements Line {}

  /**
   * A line that does not parse (a damaged or tampered file). It is kept as it is and left out of
   * exports; the entry after it then does not chain, which is what a verifier reports.
   */
  record Damaged(String text) implements Line {}

  static String line(Entry entry) {
    return "E "
        + HEX.formatHex(entry.hash())
        + " "
        + new String(entry.entry().canonicalJson(), StandardCharsets.US_ASCII);
  }

  static String line(Anchor anchor) {
    return "A "
        + anchor.seq()
        + " "
        + HEX.formatHex(anchor.head())
        + " "
        + anchor.ctIndex()
        + " "
        + anchor.insertedAtMs();
  }

  /** Creates the file with its header, owner-only. */
  static void create(Path file, Header header) {
    try {
      Files.writeString(
          file,
          header.line() + "\n",
          StandardCharsets.US_ASCII,
          StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the audit chain " + file, e);
    }
  }

  /** Appends lines (each with its newline); durable after {@link #force}. */
  static void append(Path file, String lines) {
    try {
      Files.writeString(file, lines, StandardCharsets.US_ASCII, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to the audit chain " + file, e);
    }
  }

  /**
   * Writes {@code lines} at {@code position} (the end of the file's last complete line) and returns
   * the new end. A write that fails part-way (a full disk) is cut off again, so that the next line
   * does not land on a fragment.
   */
  static long appendAt(Path file, long position, String lines) {
    byte[] bytes = lines.getBytes(StandardCharsets.US_ASCII);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      try {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
        long at = position;
        while (buffer.hasRemaining()) {
          at += channel.write(buffer, at);
        }
        return at;
      } catch (IOException failed) {
        try {
          channel.truncate(position);
        } catch (IOException alsoFailed) {
          failed.addSuppressed(alsoFailed);
        }
        throw failed;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to the audit chain " + file, e);
    }
  }

  /** The file's size. */
  static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the audit chain " + file, e);
    }
  }

  /** fsync. */
  static void force(Path file) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot sync the audit chain " + file, e);
    }
  }

  /**
   * Reads the file: the header, then every line to {@code lines}.
   *
   * @throws IllegalStateException for a file that is not an audit chain (its header); a damaged
   *     line is passed on as {@link Damaged}
   */
  static Header read(Path file, Consumer<Line> lines) {
    return read(file, header -> {}, lines);
  }

  /** {@link #read(Path, Consumer)}, telling {@code onHeader} the header before any line. */
  static Header read(Path file, Consumer<Header> onHeader, Consumer<Line> lines) {
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
      Header header = header(reader.readLine(), file);
      onHeader.accept(header);
      for (String text; (text = reader.readLine()) != null; ) {
        lines.accept(parse(text, file));
      }
      return header;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the audit chain " + file, e);
    }
  }

  /** Cuts a last line that lacks its newline (a write cut by a crash). */
  static void cutTornTail(Path file) {
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = channel.size();
      long keep = size;
      java.nio.ByteBuffer one = java.nio.ByteBuffer.allocate(1);
      while (keep > 0) {
        one.clear();
        channel.read(one, keep - 1);
        if (one.get(0) == '\n') {
          break;
        }
        keep--;
      }
      if (keep < size) {
        channel.truncate(keep);
        channel.force(false);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the audit chain " + file, e);
    }
  }

  /**
   * Replaces {@code file} atomically by a copy of itself that has the header {@code header} makes
   * from its audit id and only the lines {@code keep} accepts, streamed line by line.
   */
  static void rewrite(
      Path file,
      java.util.function.Predicate<Line> keep,
      java.util.function.Function<byte[], Header> header) {
    Path temporary = file.resolveSibling(file.getFileName() + ".new");
    try {
      Files.deleteIfExists(temporary);
      try (java.io.BufferedWriter out =
          Files.newBufferedWriter(
              temporary,
              StandardCharsets.US_ASCII,
              StandardOpenOption.CREATE_NEW,
              StandardOpenOption.WRITE)) {
        Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
        read(
            file,
            old -> {
              try {
                out.write(header.apply(old.auditId()).line());
                out.write('\n');
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            line -> {
              if (keep.test(line)) {
                try {
                  out.write(line instanceof Entry entry ? line(entry) : line((Anchor) line));
                  out.write('\n');
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              }
            });
      }
      force(temporary);
      Files.move(
          temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot rewrite the audit chain " + file, e);
    }
  }

  private static Header header(String text, Path file) {
    String[] parts = text == null ? new String[0] : text.split(" ", -1);
    if (parts.length != 4 || !parts[0].equals(HEADER)) {
      throw new IllegalStateException(file + " is not an audit chain");
    }
    return new Header(HEX.parseHex(parts[1]), Long.parseLong(parts[2]), HEX.parseHex(parts[3]));
  }

  private static Line parse(String text, Path file) {
    try {
      if (text.startsWith("E ") && text.length() > 67) {
        return new Entry(
            AuditEntry.parseCanonical(text.substring(67)), HEX.parseHex(text.substring(2, 66)));
      }
      if (text.startsWith("A ")) {
        String[] parts = text.split(" ", -1);
        if (parts.length == 5) {
          return new Anchor(
              Long.parseLong(parts[1]),
              HEX.parseHex(parts[2]),
              Long.parseLong(parts[3]),
              Long.parseLong(parts[4]));
        }
      }
    } catch (IllegalArgumentException e) {
      // fall through
    }
    return new Damaged(text);
  }
}
