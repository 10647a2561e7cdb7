package io.paramant.ct.witness;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import io.paramant.ct.witness.WitnessRefusedException.Reason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The witness's durable memory: per watched log (by origin) the last checkpoint it cosigned. One
 * text file,
 *
 * <pre>
 * paramant/witness-state/v1
 * &lt;origin&gt; &lt;log key id, hex&gt; &lt;tree size&gt; &lt;root, hex&gt;      (one line per log)
 * </pre>
 *
 * rewritten whole for every new checkpoint: written to a temporary file, forced to disk, renamed
 * over the old one and the directory forced, so a crash leaves the old or the new state, never a
 * torn one, and a checkpoint is durable before the witness answers with its cosignature.
 *
 * <p>Lost state. A witness that forgot what it cosigned would cosign a fork of a log. So the state
 * file is created only on the relay's first start (its data directory is new); if it is missing
 * later, or cannot be read, the state is {@linkplain #lostReason() lost} and the witness refuses
 * every log until its operator re-seeds it: the operator creates the file {@code <state
 * file>.reseed} (e.g. {@code touch data/main/witness.state.reseed}) and restarts the relay, which
 * then starts from an empty state (the next head of each log is accepted on its signature alone)
 * and deletes the marker. Re-seeding is an operator's statement that the logs have not forked
 * meanwhile; docs/operations.md says how to check that first.
 *
 * <p>Thread-safe: writes are serialised; reads see the last durable state.
 */
public final class WitnessState {

  /** The last checkpoint a witness cosigned for a log. */
  public record Checkpoint(String logKeyId, long size, byte[] root) {
    public Checkpoint {
      root = root.clone();
    }

    @Override
    public byte[] root() {
      return root.clone();
    }
  }

  /**
   * The state file's name in a sector's directory; {@link io.paramant.ct.SectorLog#open} creates it
   * (empty) on the relay's first start, before the identity key.
   */
  public static final String FILE_NAME = "witness.state";

  private static final System.Logger LOG = System.getLogger(WitnessState.class.getName());
  private static final String MAGIC = "paramant/witness-state/v1";
  private static final HexFormat HEX = HexFormat.of();

  private final Path file;
  private final String lostReason;
  private final Map<String, Checkpoint> checkpoints = new ConcurrentHashMap<>();
  private final Object writing = new Object();

  private WitnessState(Path file, String lostReason, Map<String, Checkpoint> checkpoints) {
    this.file = file;
    this.lostReason = lostReason;
    this.checkpoints.putAll(checkpoints);
  }

  /**
   * Opens the state in {@code file}.
   *
   * @param firstStart whether the relay starts on a new data directory (its identity key was just
   *     created): only then is a missing state file created rather than lost
   * @throws UncheckedIOException if a new state file cannot be written
   */
  public static WitnessState open(Path file, boolean firstStart) {
    Path reseed = reseedMarker(file);
    try {
      if (Files.exists(reseed)) {
        WitnessState state = new WitnessState(file, null, Map.of());
        state.write(Map.of());
        Files.delete(reseed);
        forceDirectory(file);
        LOG.log(
            Level.WARNING,
            () ->
                "The witness state "
                    + file
                    + " was re-seeded by its operator: the next head of every watched log is"
                    + " accepted on its signature alone");
        return state;
      }
      if (Files.exists(file)) {
        return read(file);
      }
      if (firstStart) {
        WitnessState state = new WitnessState(file, null, Map.of());
        state.write(Map.of());
        return state;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot use the witness state " + file, e);
    }
    return lost(
        file,
        "the witness state file "
            + file
            + " is missing although this relay has run before; it refuses to cosign until its"
            + " operator re-seeds it (create "
            + reseed
            + " and restart)");
  }

  /** Why the state is lost, or null if it is usable. */
  public String lostReason() {
    return lostReason;
  }

  /**
   * The last checkpoint cosigned for the log {@code origin}, or null if none was.
   *
   * @throws WitnessRefusedException ({@link Reason#STATE_LOST}) if the state is lost
   */
  public Checkpoint checkpoint(String origin) {
    requireUsable();
    return checkpoints.get(origin);
  }

  /**
   * Makes {@code checkpoint} the last cosigned one of {@code origin}, durably: returns once it is
   * on disk.
   *
   * @throws WitnessRefusedException ({@link Reason#STATE_UNWRITABLE}) if it cannot be written; the
   *     state is then unchanged
   */
  public void record(String origin, Checkpoint checkpoint) {
    requireUsable();
    synchronized (writing) {
      Map<String, Checkpoint> next = new TreeMap<>(checkpoints);
      next.put(origin, checkpoint);
      try {
        write(next);
      } catch (IOException | UncheckedIOException e) {
        LOG.log(Level.ERROR, () -> "Cannot write the witness state " + file + ": " + e);
        throw new WitnessRefusedException(
            Reason.STATE_UNWRITABLE, "the witness cannot write its state; nothing was cosigned");
      }
      checkpoints.put(origin, checkpoint);
    }
  }

  /** The marker file whose presence at start makes the witness start from an empty state. */
  public static Path reseedMarker(Path file) {
    return file.resolveSibling(file.getFileName() + ".reseed");
  }

  private void requireUsable() {
    if (lostReason != null) {
      throw new WitnessRefusedException(Reason.STATE_LOST, lostReason);
    }
  }

  private static WitnessState read(Path file) throws IOException {
    List<String> lines;
    try {
      lines = List.of(new String(Files.readAllBytes(file), US_ASCII).split("\n", -1));
    } catch (IOException e) {
      return lost(file, "the witness state file " + file + " cannot be read: " + e.getMessage());
    }
    Map<String, Checkpoint> checkpoints = new TreeMap<>();
    boolean valid =
        lines.size() >= 2 && lines.get(0).equals(MAGIC) && lines.get(lines.size() - 1).isEmpty();
    for (int i = 1; valid && i < lines.size() - 1; i++) {
      Checkpoint checkpoint = parse(lines.get(i).split(" ", -1));
      valid = checkpoint != null && checkpoints.put(lines.get(i).split(" ")[0], checkpoint) == null;
    }
    if (!valid) {
      return lost(
          file,
          "the witness state file "
              + file
              + " is damaged; it refuses to cosign until its operator restores it from a backup or"
              + " re-seeds it (create "
              + reseedMarker(file)
              + " and restart)");
    }
    return new WitnessState(file, null, checkpoints);
  }

  private static WitnessState lost(Path file, String reason) {
    LOG.log(Level.ERROR, reason);
    return new WitnessState(file, reason, Map.of());
  }

  private void write(Map<String, Checkpoint> state) throws IOException {
    StringBuilder text = new StringBuilder(MAGIC).append('\n');
    new TreeMap<>(state)
        .forEach(
            (origin, checkpoint) ->
                text.append(origin)
                    .append(' ')
                    .append(checkpoint.logKeyId())
                    .append(' ')
                    .append(checkpoint.size())
                    .append(' ')
                    .append(HEX.formatHex(checkpoint.root))
                    .append('\n'));
    ByteBuffer content = ByteBuffer.wrap(text.toString().getBytes(US_ASCII));
    Path temporary = file.resolveSibling(file.getFileName() + ".new");
    Files.deleteIfExists(temporary);
    try (FileChannel out =
        FileChannel.open(
            temporary,
            EnumSet.of(CREATE_NEW, WRITE),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
      while (content.hasRemaining()) {
        out.write(content);
      }
      out.force(true);
    }
    Files.move(
        temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    forceDirectory(file);
  }

  private static void forceDirectory(Path file) throws IOException {
    try (FileChannel directory = FileChannel.open(file.toAbsolutePath().getParent(), READ)) {
      directory.force(true);
    }
  }

  @Override
  public String toString() {
    return "WitnessState[" + file + (lostReason == null ? "" : ", lost") + "]";
  }

  /** A checkpoint line's fields (origin, key id, size, root), or null if they are not valid. */
  private static Checkpoint parse(String[] fields) {
    if (fields.length != 4
        || !Cosignature.isValidOrigin(fields[0])
        || fields[1].length() != 64
        || fields[3].length() != 64) {
      return null;
    }
    try {
      long size = Long.parseLong(fields[2]);
      byte[] keyId = HEX.parseHex(fields[1]);
      return size < 0 ? null : new Checkpoint(HEX.formatHex(keyId), size, HEX.parseHex(fields[3]));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
