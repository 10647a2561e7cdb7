package io.paramant.client;

import io.paramant.client.EnvelopeException.Reason;
import io.paramant.client.Progress.Direction;
import io.paramant.client.internal.ctlog.LogAudit;
import io.paramant.client.internal.ctlog.RelayAddress;
import io.paramant.client.internal.ctlog.ServedDevice;
import io.paramant.client.internal.envelope.Blob;
import io.paramant.client.internal.envelope.BlobHeader;
import io.paramant.client.internal.envelope.Credential;
import io.paramant.client.internal.envelope.Envelope;
import io.paramant.client.internal.envelope.FileId;
import io.paramant.client.internal.envelope.KdfParameters;
import io.paramant.client.internal.envelope.OpenedChunk;
import io.paramant.client.internal.envelope.Recipient;
import io.paramant.client.internal.envelope.SealedBlob;
import io.paramant.client.internal.envelope.SenderDirectory;
import io.paramant.client.internal.envelope.Suite;
import io.paramant.client.internal.relay.PushSocket;
import io.paramant.client.internal.relay.RelayClient;
import io.paramant.client.internal.relay.RetryPolicy;
import io.paramant.client.internal.transfer.ChunkAssembler;
import io.paramant.client.internal.transfer.OutgoingFile;
import io.paramant.client.internal.transfer.ReceiveState;
import io.paramant.ct.sth.SignedTreeHead;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * End-to-end encrypted file transfer through one Paramant relay: the SDK's entry point.
 *
 * <pre>{@code
 * try (GhostPipe pipe = GhostPipe.builder()
 *         .relay(URI.create("http://127.0.0.1:3000/"))
 *         .apiKey(System.getenv("PARAMANT_KEY"))
 *         .deviceId("laptop-7")
 *         .build()) {
 *     pipe.registerDevice();                                   // once per device
 *     Transfer sent = pipe.send(Path.of("scan.pdf"), "printer-2", Duration.ofHours(1));
 *     // the receiver, with its own pipe (device "printer-2"):
 *     Path file = pipe.receive(sent.id(), Path.of("inbox"));
 * }
 * }</pre>
 *
 * <h2>What it does</h2>
 *
 * <ul>
 *   <li><b>Send</b> ({@link #send(Path, String, Duration)}): fetches the recipient device's keys
 *       ({@code GET /v2/pubkey/{device}}) and uses them only after checking them against the
 *       relay's log: the tree head the proof leads to is verified like {@link LogVerifier#verify()}
 *       does (pinned relay key, consistent with every head verified before), the fingerprint is
 *       recomputed from the served keys, and the inclusion proof of the {@code pubkey} leaf rebuilt
 *       from fingerprint, sector and registration time must lead to that head's root. A device
 *       registered without a P-256 key is refused ({@link TransferException.Reason#NOT_HYBRID}).
 *       The file is cut into chunks, each sealed into its own 5 MiB blob (PROTOCOL.md, suite 1) and
 *       uploaded under its SHA-256, naming the recipient device for push.
 *   <li><b>Receive</b> ({@link #receive(String, Path)}): downloads the blobs of a {@link
 *       Transfer#id() transfer id} in order, opens each with this device's keys, and writes the
 *       file under a temporary name that becomes the file's name only after every chunk
 *       authenticated. An interrupted receive resumes: chunks on disk are re-verified and kept,
 *       chunks not yet downloaded are still on the relay, and a blob downloaded but not yet written
 *       is kept (sealed) in the state directory, because the relay burns a blob once it has been
 *       downloaded.
 *   <li><b>Password transfers</b> (suite 2) work the same way with a password instead of device
 *       keys; <b>anonymous drops</b> (suite 3, {@link #drop(Path, Duration)}, {@link #pickup})
 *       travel under an id derived from 12 words, which are the only key.
 *   <li><b>Retries</b>: every request is retried after network errors and 429/502/503/504 (the
 *       relay's {@code Retry-After} is honoured), with exponential backoff. An upload is retried
 *       with the same sealed bytes, so it keeps its hash; a retry refused with 409 because the lost
 *       attempt had stored the blob counts as stored.
 * </ul>
 *
 * <h2>State</h2>
 *
 * The key directory holds {@value DeviceKeys#FILE_NAME} ({@link DeviceKeys}); the state directory
 * holds the relay's pinned log key and newest verified tree head ({@code log-heads/}, see {@link
 * LogVerifier}) and what resuming needs ({@code receive/}). Both default to {@code ~/.paramant};
 * everything in them is owner-only.
 *
 * <p>Thread-safe, but one transfer is received by one caller at a time. {@link #close()} wipes the
 * device's private keys from memory.
 */
public final class GhostPipe implements AutoCloseable {

  /** The name a file sent from memory gets when the caller names none. */
  public static final String DEFAULT_FILE_NAME = "data.bin";

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

  private final RelayClient relay;
  private final LogVerifier log;
  private final HttpClient http;
  private final String deviceId;
  private final String sector;
  private final Path keyDirectory;
  private final Path stateDirectory;
  private final Progress.Listener progress;
  private final boolean acknowledge;
  private final Envelope envelope = new Envelope();
  private final Map<String, PublicKeys> recipients = new ConcurrentHashMap<>();
  private final Map<Assembly, ChunkAssembler> announced = new HashMap<>();
  private DeviceKeys keys;

  /** An assembly of announced chunks: a file into a directory. */
  private record Assembly(FileId fileId, Path directory) {}

  private GhostPipe(Builder builder) {
    RelayAddress address = RelayAddress.of(builder.relay);
    this.http = builder.httpClient != null ? builder.httpClient : defaultHttpClient();
    this.relay =
        new RelayClient(address, http, builder.apiKey, builder.retry, RelayClient.Sleeper.system());
    LogVerifier.Builder verifier =
        LogVerifier.forRelay(address.uri()).stateDirectory(builder.stateDirectory).httpClient(http);
    if (builder.expectedLogKeyId != null) {
      verifier.expectedKeyId(builder.expectedLogKeyId);
    }
    this.log = verifier.build();
    this.deviceId = builder.deviceId;
    this.sector = builder.sector;
    this.keyDirectory = builder.keyDirectory;
    this.stateDirectory = builder.stateDirectory;
    this.progress = builder.progress;
    this.acknowledge = builder.acknowledge;
  }

  /** Starts configuring a pipe; {@link Builder#relay} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The relay's base URL, normalized. */
  public URI relay() {
    return relay.relay().uri();
  }

  /** This device's id, if one was configured. */
  public Optional<String> deviceId() {
    return Optional.ofNullable(deviceId);
  }

  // ------------------------------------------------------------------------------------------------
  // sending

  /**
   * Sends {@code file} (named after its last path element) to the device {@code recipientDevice} of
   * this account.
   *
   * @param ttl how long the relay keeps the blobs (the plan may clamp it); null for its default
   * @throws TransferException {@code UNKNOWN_DEVICE}, {@code NOT_HYBRID}, {@code WRONG_SECTOR}
   * @throws LogVerificationException if the device's keys or the relay's log do not check out
   * @throws RelayRequestException if the relay cannot be reached or refuses, after the retries
   * @throws EnvelopeException {@code UNSAFE_FILE_NAME} if the file's name cannot be sent
   */
  public Transfer send(Path file, String recipientDevice, Duration ttl) {
    Recipient to = Recipient.device(verifiedKeys(recipientDevice));
    try (OutgoingFile outgoing = OutgoingFile.open(file, mediaType(file))) {
      return sendChunks(outgoing, to, recipientDevice, ttl);
    }
  }

  /**
   * Sends {@code content} as a file named {@value #DEFAULT_FILE_NAME}; see {@link #send(Path,
   * String, Duration)}.
   */
  public Transfer send(byte[] content, String recipientDevice, Duration ttl) {
    return send(content, DEFAULT_FILE_NAME, recipientDevice, ttl);
  }

  /**
   * Sends {@code content} as a file named {@code fileName}; see {@link #send(Path, String,
   * Duration)}.
   */
  public Transfer send(byte[] content, String fileName, String recipientDevice, Duration ttl) {
    Recipient to = Recipient.device(verifiedKeys(recipientDevice));
    try (OutgoingFile outgoing = OutgoingFile.of(content, fileName, FileInfo.DEFAULT_TYPE)) {
      return sendChunks(outgoing, to, recipientDevice, ttl);
    }
  }

  /**
   * Sends {@code file} sealed with a password (suite 2: Argon2id, m = 64 MiB, t = 3, p = 4 per
   * chunk): whoever has the transfer id, an API key of this account and the password can receive
   * it. The password array is read, not kept; the caller wipes it.
   */
  public Transfer send(Path file, char[] password, Duration ttl) {
    Recipient to = Recipient.password(Objects.requireNonNull(password), KdfParameters.DEFAULT);
    try (OutgoingFile outgoing = OutgoingFile.open(file, mediaType(file))) {
      return sendChunks(outgoing, to, null, ttl);
    }
  }

  /**
   * Sends {@code content} as {@code fileName}, sealed with a password; see {@link #send(Path,
   * char[], Duration)}.
   */
  public Transfer send(byte[] content, String fileName, char[] password, Duration ttl) {
    Recipient to = Recipient.password(Objects.requireNonNull(password), KdfParameters.DEFAULT);
    try (OutgoingFile outgoing = OutgoingFile.of(content, fileName, FileInfo.DEFAULT_TYPE)) {
      return sendChunks(outgoing, to, null, ttl);
    }
  }

  /**
   * Seals and uploads every chunk. Two blob buffers take turns: while one is uploaded (on a thread
   * of its own), the next chunk is sealed into the other, so sealing and the network overlap. At
   * most one upload is in flight, and the uploads happen in chunk order.
   */
  private Transfer sendChunks(OutgoingFile file, Recipient to, String device, Duration ttl) {
    FileId fileId = FileId.random();
    int count = file.chunkCount();
    List<String> hashes = new ArrayList<>(count);
    Uploads uploads = new Uploads(count, file.info().size());
    ByteBuffer[] blobs = {Blob.allocate(), count > 1 ? Blob.allocate() : null};
    ExecutorService uploader =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, "paramant-upload");
              thread.setDaemon(true);
              return thread;
            });
    Future<?> inFlight = null;
    try {
      for (int i = 0; i < count; i++) {
        checkInterrupted();
        ByteBuffer blob = blobs[i % 2];
        ByteBuffer data = file.chunk(i);
        int length = data.remaining();
        SealedBlob sealed = envelope.seal(to, fileId, file.meta(i), data, blob.clear());
        blob.flip();
        await(inFlight);
        hashes.add(sealed.sha256());
        inFlight =
            uploader.submit(
                () -> uploads.done(relay.upload(blob, sealed.sha256(), ttl, device), length));
      }
      await(inFlight);
    } finally {
      uploader.shutdownNow();
      for (ByteBuffer blob : blobs) {
        if (blob != null) {
          Blob.wipe(blob.clear());
        }
      }
    }
    return new Transfer(
        relay(),
        fileId.hex(),
        file.info().name(),
        file.info().size(),
        hashes,
        device,
        uploads.ttl());
  }

  /** What the uploads of one file added up to; reported as they finish. */
  private final class Uploads {

    private final int count;
    private final long size;
    private int done;
    private long bytes;
    private long shortestTtl = Long.MAX_VALUE;
    private boolean ttlKnown = true;

    Uploads(int count, long size) {
      this.count = count;
      this.size = size;
    }

    synchronized void done(RelayClient.StoredBlob stored, int length) {
      if (stored.ttlMs() < 0) {
        ttlKnown = false;
      } else {
        shortestTtl = Math.min(shortestTtl, stored.ttlMs());
      }
      done++;
      bytes += length;
      report(Direction.SEND, done, count, bytes, size);
    }

    synchronized Duration ttl() {
      return ttlKnown ? Duration.ofMillis(shortestTtl) : null;
    }
  }

  /** Waits for an upload; its failure becomes the caller's. */
  private static void await(Future<?> upload) {
    if (upload == null) {
      return;
    }
    try {
      upload.get();
    } catch (InterruptedException e) {
      upload.cancel(true);
      Thread.currentThread().interrupt();
      throw new TransferException(TransferException.Reason.INTERRUPTED);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  // ------------------------------------------------------------------------------------------------
  // receiving

  /**
   * Receives the file of a {@link Transfer#id() transfer id} into {@code targetDirectory}, opened
   * with this device's keys, resuming an earlier interrupted receive of the same transfer.
   *
   * @return the written file: {@code targetDirectory} and the name the sender gave it
   * @throws TransferException {@code GONE} if a blob is not on the relay, {@code WRONG_CHUNK_LIST}
   *     if the id does not list the file's chunks in order, {@code BLOB_ALTERED}, {@code
   *     INTERRUPTED}
   * @throws EnvelopeException if a blob does not open with this device's keys or is altered ({@code
   *     AUTHENTICATION_FAILED}, {@code CREDENTIAL_MISMATCH} for a password blob, ...), or {@code
   *     TARGET_EXISTS} if a file of that name is in the directory; the downloaded blob is kept in
   *     the state directory, and a later call (with the right credential) finds it there
   * @throws IllegalArgumentException if {@code transferId} is not a transfer id
   */
  public Path receive(String transferId, Path targetDirectory) {
    return receiveChunks(
        Transfer.parseId(transferId), targetDirectory, Credential.device(ownKeys()));
  }

  /** Receives a transfer this client sent or was given; see {@link #receive(String, Path)}. */
  public Path receive(Transfer transfer, Path targetDirectory) {
    return receiveChunks(chunksOf(transfer), targetDirectory, Credential.device(ownKeys()));
  }

  /**
   * Receives a password transfer (suite 2); see {@link #receive(String, Path)}. A wrong password
   * fails with {@link EnvelopeException.Reason#WRONG_PASSWORD}, and the blob is kept for another
   * try. The password array is read, not kept; the caller wipes it.
   */
  public Path receive(String transferId, Path targetDirectory, char[] password) {
    return receiveChunks(
        Transfer.parseId(transferId), targetDirectory, Credential.password(password));
  }

  /** Receives a password transfer; see {@link #receive(String, Path, char[])}. */
  public Path receive(Transfer transfer, Path targetDirectory, char[] password) {
    return receiveChunks(chunksOf(transfer), targetDirectory, Credential.password(password));
  }

  /**
   * Receives the blob of a push announcement ({@link #stream}) into {@code targetDirectory}. A file
   * of one chunk is written at once; the chunks of a larger file are put together as they are
   * announced (a chunk announced before its turn is kept, sealed, until its turn), and the file is
   * returned with its last chunk.
   *
   * @return the file, once it is complete; empty while chunks are missing
   * @throws EnvelopeException if the blob does not open with this device's keys (sealed for a
   *     password, or for another device of the account): it is kept in the state directory, so that
   *     {@code receive} with its hash and the right credential can still get it
   */
  public Optional<Path> receive(BlobAnnouncement announcement, Path targetDirectory) {
    String hash = announcement.hash();
    Path directory = targetDirectory(targetDirectory);
    Credential credential = Credential.device(ownKeys());
    ReceiveState state = receiveState();
    ByteBuffer blob = Blob.allocate();
    synchronized (announced) {
      try {
        fetch(hash, blob, state);
        BlobHeader header = BlobHeader.parse(blob); // not yet authenticated: it only routes
        if (header.suite() != Suite.HYBRID) {
          throw new EnvelopeException(
              Reason.CREDENTIAL_MISMATCH,
              "blob " + hash + " is not sealed to a device; it is kept for a receive by its hash");
        }
        Assembly key = new Assembly(header.fileId(), directory);
        ChunkAssembler assembler = announced.get(key);
        if (assembler == null) {
          assembler = ChunkAssembler.forFile(header.fileId(), directory, state.directory());
        }
        if (header.chunkIndex() < assembler.nextIndex()) {
          state.unspool(hash); // announced twice; its chunk is on disk
          return Optional.empty();
        }
        if (header.chunkIndex() > assembler.nextIndex()) {
          announced.put(key, assembler);
          return Optional.empty(); // kept in the state directory until its turn
        }
        accept(assembler, hash, blob, credential, state, Optional.empty());
        announced.put(key, assembler);
        for (String next = spooledChunk(state, key.fileId(), assembler.nextIndex(), blob);
            next != null && !assembler.isComplete();
            next = spooledChunk(state, key.fileId(), assembler.nextIndex(), blob)) {
          accept(assembler, next, blob, credential, state, Optional.empty());
        }
        if (!assembler.isComplete()) {
          return Optional.empty();
        }
        announced.remove(key);
        return Optional.of(assembler.finish());
      } finally {
        Blob.wipe(blob.clear());
      }
    }
  }

  private Path receiveChunks(List<String> hashes, Path targetDirectory, Credential credential) {
    Path directory = targetDirectory(targetDirectory);
    ReceiveState state = receiveState();
    String first = hashes.get(0);
    ByteBuffer blob = Blob.allocate();
    try {
      ChunkAssembler assembler =
          state
              .fileOf(first)
              .map(fileId -> ChunkAssembler.forFile(fileId, directory, state.directory()))
              .filter(resumed -> resumed.chunkCount().isPresent()) // else chunk 0 is not on disk
              .orElse(null);
      if (assembler != null) {
        requireChunkCount(hashes, assembler.chunkCount().getAsInt());
        report(
            Direction.RECEIVE,
            assembler.nextIndex(),
            hashes.size(),
            assembler.receivedBytes(),
            assembler.file().orElseThrow().size());
      }
      for (int i = assembler == null ? 0 : assembler.nextIndex(); i < hashes.size(); i++) {
        checkInterrupted();
        String hash = hashes.get(i);
        fetch(hash, blob, state);
        if (assembler == null) {
          OpenedChunk chunk = envelope.open(blob, credential, SenderDirectory.none());
          try {
            if (chunk.chunkIndex() != 0) {
              throw new TransferException(
                  TransferException.Reason.WRONG_CHUNK_LIST,
                  "blob " + hash + " is chunk " + chunk.chunkIndex() + ", not chunk 0");
            }
            requireChunkCount(hashes, chunk.chunkCount());
            state.recordFile(first, chunk.fileId());
            assembler = ChunkAssembler.forFile(chunk.fileId(), directory, state.directory());
            acceptOpened(assembler, hash, chunk, state);
          } finally {
            Blob.wipe(blob.clear());
          }
        } else {
          accept(assembler, hash, blob, credential, state, Optional.of(i));
        }
      }
      Path file = assembler.finish();
      state.forgetFile(first);
      return file;
    } finally {
      Blob.wipe(blob.clear());
    }
  }

  /** Opens the blob in {@code blob} and adds its chunk to the assembly. */
  private void accept(
      ChunkAssembler assembler,
      String hash,
      ByteBuffer blob,
      Credential credential,
      ReceiveState state,
      Optional<Integer> expectedIndex) {
    try {
      OpenedChunk chunk = envelope.open(blob, credential, SenderDirectory.none());
      if (expectedIndex.isPresent() && chunk.chunkIndex() != expectedIndex.get()) {
        throw new TransferException(
            TransferException.Reason.WRONG_CHUNK_LIST,
            "blob "
                + hash
                + " is chunk "
                + chunk.chunkIndex()
                + " of its file, not chunk "
                + expectedIndex.get());
      }
      acceptOpened(assembler, hash, chunk, state);
    } finally {
      Blob.wipe(blob.clear());
    }
  }

  private void acceptOpened(
      ChunkAssembler assembler, String hash, OpenedChunk chunk, ReceiveState state) {
    assembler.accept(chunk);
    state.unspool(hash);
    if (acknowledge) {
      relay.acknowledge(hash, deviceId);
    }
    report(
        Direction.RECEIVE,
        assembler.nextIndex(),
        assembler.chunkCount().orElseThrow(),
        assembler.receivedBytes(),
        assembler.file().orElseThrow().size());
  }

  /**
   * Puts the blob {@code hash} into {@code blob}: the copy kept in the state directory, or a
   * download that is checked against its hash and kept before anything else happens to it.
   */
  private void fetch(String hash, ByteBuffer blob, ReceiveState state) {
    if (state.readSpooled(hash, blob)) {
      if (!Blob.sha256Hex(blob).equals(hash)) {
        state.unspool(hash);
        throw new EnvelopeException(
            Reason.RESUME_STATE_INVALID, "the kept copy of blob " + hash + " is damaged");
      }
      return;
    }
    relay.download(hash, blob);
    if (!Blob.sha256Hex(blob).equals(hash)) {
      Blob.wipe(blob.clear());
      throw new TransferException(TransferException.Reason.BLOB_ALTERED, "blob " + hash);
    }
    state.spool(hash, blob);
  }

  /**
   * The hash of a kept blob that is chunk {@code index} of {@code fileId}, read into {@code blob}.
   */
  private static String spooledChunk(
      ReceiveState state, FileId fileId, int index, ByteBuffer blob) {
    for (String hash : state.spooled()) {
      if (!state.readSpooled(hash, blob)) {
        continue;
      }
      try {
        BlobHeader header = BlobHeader.parse(blob);
        if (header.fileId().equals(fileId) && header.chunkIndex() == index) {
          return hash;
        }
      } catch (EnvelopeException notABlob) {
        // a damaged copy: whoever asks for it by its hash is told
      }
    }
    return null;
  }

  private static void requireChunkCount(List<String> hashes, int chunkCount) {
    if (chunkCount != hashes.size()) {
      throw new TransferException(
          TransferException.Reason.WRONG_CHUNK_LIST,
          "the file has "
              + chunkCount
              + " chunk(s), the transfer id lists "
              + hashes.size()
              + " blob(s)"
              + (chunkCount > hashes.size()
                  ? "; give the whole id that the sender printed (the hashes of all chunks)"
                  : ""));
    }
  }

  private List<String> chunksOf(Transfer transfer) {
    if (!transfer.relay().equals(relay())) {
      throw new IllegalArgumentException(
          "the transfer is on " + transfer.relay() + ", this pipe talks to " + relay());
    }
    return transfer.chunkHashes();
  }

  // ------------------------------------------------------------------------------------------------
  // drops

  /**
   * Leaves {@code file} as an anonymous drop (suite 3): the returned 12 words are the only way to
   * pick it up. A drop is one blob, so the file may have at most {@value
   * io.paramant.client.internal.transfer.OutgoingFile#CHUNK_DATA_SIZE} bytes.
   *
   * @return the words; show them to the person once, then {@link Mnemonic#destroy()} them
   * @throws EnvelopeException {@code TOO_LARGE} if the file does not fit in one blob
   */
  public Mnemonic drop(Path file, Duration ttl) {
    try (OutgoingFile outgoing = OutgoingFile.open(file, mediaType(file))) {
      return dropFile(outgoing, ttl);
    }
  }

  /**
   * Leaves {@code content} as a drop named {@value #DEFAULT_FILE_NAME}; see {@link #drop(Path,
   * Duration)}.
   */
  public Mnemonic drop(byte[] content, Duration ttl) {
    return drop(content, DEFAULT_FILE_NAME, ttl);
  }

  /** Leaves {@code content} as a drop named {@code fileName}; see {@link #drop(Path, Duration)}. */
  public Mnemonic drop(byte[] content, String fileName, Duration ttl) {
    try (OutgoingFile outgoing = OutgoingFile.of(content, fileName, FileInfo.DEFAULT_TYPE)) {
      return dropFile(outgoing, ttl);
    }
  }

  private Mnemonic dropFile(OutgoingFile file, Duration ttl) {
    if (file.chunkCount() != 1) {
      throw new EnvelopeException(
          Reason.TOO_LARGE,
          "a drop is one blob of at most " + OutgoingFile.CHUNK_DATA_SIZE + " bytes of content");
    }
    Mnemonic words = Mnemonic.generate();
    ByteBuffer blob = Blob.allocate();
    try {
      envelope.seal(Recipient.drop(words), FileId.random(), file.meta(0), file.chunk(0), blob);
      relay.storeDrop(blob.flip(), words.dropId(), ttl);
      report(Direction.SEND, 1, 1, file.info().size(), file.info().size());
      return words;
    } catch (RuntimeException e) {
      words.destroy();
      throw e;
    } finally {
      Blob.wipe(blob.clear());
    }
  }

  /**
   * Picks up the drop of these 12 words (no API key needed) into {@code targetDirectory}. The relay
   * hands a drop out once: a second pickup fails with {@link TransferException.Reason#GONE}.
   *
   * @throws EnvelopeException {@code MNEMONIC_WORD_COUNT}, {@code MNEMONIC_UNKNOWN_WORD} or {@code
   *     MNEMONIC_CHECKSUM} for mistyped words, before the relay is asked
   */
  public Path pickup(CharSequence words, Path targetDirectory) {
    Mnemonic phrase = Mnemonic.parse(words);
    try {
      return pickup(phrase, targetDirectory);
    } finally {
      phrase.destroy();
    }
  }

  /** Picks up the drop of {@code words}; see {@link #pickup(CharSequence, Path)}. */
  public Path pickup(Mnemonic words, Path targetDirectory) {
    Path directory = targetDirectory(targetDirectory);
    ReceiveState state = receiveState();
    String id = words.dropId();
    ByteBuffer blob = Blob.allocate();
    try {
      if (!state.readSpooled(id, blob)) {
        relay.pickupDrop(id, blob);
        state.spool(id, blob);
      }
      OpenedChunk chunk = envelope.open(blob, Credential.drop(words), SenderDirectory.none());
      ChunkAssembler assembler =
          ChunkAssembler.forFile(chunk.fileId(), directory, state.directory());
      assembler.accept(chunk);
      state.unspool(id);
      report(
          Direction.RECEIVE,
          1,
          1,
          assembler.receivedBytes(),
          assembler.file().orElseThrow().size());
      return assembler.finish();
    } finally {
      Blob.wipe(blob.clear());
    }
  }

  // ------------------------------------------------------------------------------------------------
  // keys

  /**
   * Registers this device's public keys under its device id ({@code POST /v2/pubkey}), generating
   * and storing the device's key pairs (ML-KEM-768, P-256, ML-DSA-65) in the key directory first if
   * there are none, and then checks the registration the way a sender will: fetched back, its
   * {@code pubkey} leaf proven in the relay's verified log. Registering the same keys again is
   * harmless; other keys under the same device id are refused by the relay (409).
   *
   * @throws IllegalStateException if no device id was configured
   * @throws LogVerificationException {@code KEY_MISMATCH} if the relay registered or serves other
   *     keys than this device's
   */
  public DeviceRegistration registerDevice() {
    String device = requireDeviceId();
    PublicKeys mine = keysForRegistration().publicKeys();
    RelayClient.Registration registration = relay.register(device, mine);
    if (!registration.fingerprint().equals(mine.fingerprint())
        || !registration.deviceId().equals(device)) {
      throw new LogVerificationException(
          LogVerificationException.Reason.KEY_MISMATCH,
          "the relay registered fingerprint "
              + registration.fingerprint()
              + " for device "
              + registration.deviceId()
              + ", this device's keys have "
              + mine.fingerprint());
    }
    recipients.remove(device);
    PublicKeys logged = verifiedKeys(device);
    if (!logged.equals(mine)) {
      throw new LogVerificationException(
          LogVerificationException.Reason.KEY_MISMATCH,
          "the relay serves fingerprint " + logged.fingerprint() + " for device " + device);
    }
    return new DeviceRegistration(device, mine.fingerprint(), registration.ctIndex());
  }

  /**
   * The keys of a device of this account, checked against the relay's log as before a send (see the
   * class notes): what {@code paramant keys show --device} prints for comparing out of band.
   * Verified keys are remembered by this pipe (a device id is bound to its keys for good).
   */
  public PublicKeys deviceKeys(String deviceId) {
    return verifiedKeys(deviceId);
  }

  /** This device's public keys, from the key directory. */
  public PublicKeys publicKeys() {
    return ownKeys().publicKeys();
  }

  private PublicKeys verifiedKeys(String device) {
    if (!RelayClient.isDeviceId(device)) {
      throw new IllegalArgumentException(
          "a device id is 1 to 128 characters of letters, digits, '.', '_', ':' or '-'");
    }
    PublicKeys known = recipients.get(device);
    if (known != null) {
      return known;
    }
    ServedDevice served = ServedDevice.read(device, relay.pubkey(device));
    SignedTreeHead head = log.verifyServed(served.sth());
    LogAudit.checkRegistration(head, served);
    if (sector != null && !sector.equals(served.sector())) {
      throw new TransferException(
          TransferException.Reason.WRONG_SECTOR,
          "device " + device + " is logged in sector " + served.sector() + ", not " + sector);
    }
    if (!served.hybrid()) {
      throw new TransferException(TransferException.Reason.NOT_HYBRID, "device " + device);
    }
    PublicKeys keys =
        served.mlDsa() == null
            ? PublicKeys.of(served.mlKem(), served.ecdh())
            : PublicKeys.of(served.mlKem(), served.ecdh(), served.mlDsa());
    recipients.put(device, keys);
    return keys;
  }

  /** This device's keys, loaded from the key directory on first use. */
  private synchronized DeviceKeys ownKeys() {
    if (keys == null) {
      try {
        keys = DeviceKeys.load(keyDirectory);
      } catch (UncheckedIOException e) {
        if (e.getCause() instanceof NoSuchFileException) {
          throw new IllegalStateException(
              "no device keys in "
                  + keyDirectory
                  + ": create them with 'paramant keys init' (or GhostPipe.registerDevice())");
        }
        throw e;
      }
    }
    return keys;
  }

  /** The stored keys, or new ones stored now. */
  private synchronized DeviceKeys keysForRegistration() {
    if (keys == null && !Files.exists(keyDirectory.resolve(DeviceKeys.FILE_NAME))) {
      DeviceKeys generated = DeviceKeys.generate();
      try {
        generated.store(keyDirectory);
        keys = generated;
      } catch (EnvelopeException e) {
        generated.destroy();
        if (e.reason() != Reason.TARGET_EXISTS) {
          throw e;
        }
        // stored meanwhile by another process: use those
      }
    }
    return ownKeys();
  }

  // ------------------------------------------------------------------------------------------------
  // push

  /**
   * Opens the relay's push stream ({@code POST /v2/ws-ticket}, then {@code /v2/stream}) for this
   * account, narrowed to this device when a device id was configured (blobs that name no device are
   * announced to every device). Announcements go to {@code listener} until the stream is closed; a
   * stream does not reconnect by itself. Returns once the relay confirmed the subscription, so
   * every blob stored after this call is announced.
   *
   * @throws RelayRequestException if the ticket or the socket cannot be had
   */
  public PushStream stream(StreamListener listener) {
    Objects.requireNonNull(listener, "listener");
    URI uri = relay.streamUri(relay.wsTicket(), deviceId);
    PushSocket socket = new PushSocket(listener);
    try {
      WebSocket webSocket =
          http.newWebSocketBuilder()
              .connectTimeout(CONNECT_TIMEOUT)
              .buildAsync(uri, socket)
              .get(CONNECT_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
      // announcements flow once the relay says so; a blob stored earlier would be missed
      socket.subscribed().get(CONNECT_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
      return new PushStream(webSocket, socket.closed());
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof WebSocketHandshakeException handshake) {
        int status = handshake.getResponse().statusCode();
        throw new RelayRequestException(
            "GET /v2/stream on " + relay() + ": HTTP " + status + " instead of a WebSocket",
            status,
            null);
      }
      throw new RelayRequestException(
          "cannot open the push stream of " + relay() + ": " + cause, cause);
    } catch (TimeoutException e) {
      throw new RelayRequestException("no push stream from " + relay() + " in time", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransferException(TransferException.Reason.INTERRUPTED);
    }
  }

  /** Wipes this device's private keys from memory. */
  @Override
  public synchronized void close() {
    if (keys != null) {
      keys.destroy();
      keys = null;
    }
  }

  // ------------------------------------------------------------------------------------------------

  private ReceiveState receiveState() {
    return new ReceiveState(stateDirectory);
  }

  private String requireDeviceId() {
    if (deviceId == null) {
      throw new IllegalStateException("no device id configured");
    }
    return deviceId;
  }

  private void report(Direction direction, int done, int count, long bytes, long total) {
    if (progress != null) {
      progress.onProgress(new Progress(direction, done, count, bytes, total));
    }
  }

  private static void checkInterrupted() {
    if (Thread.currentThread().isInterrupted()) {
      throw new TransferException(TransferException.Reason.INTERRUPTED);
    }
  }

  private static Path targetDirectory(Path directory) {
    Path absolute = directory.toAbsolutePath().normalize();
    if (!Files.isDirectory(absolute)) {
      throw new UncheckedIOException(
          new NoSuchFileException(absolute.toString(), null, "not a directory"));
    }
    return absolute;
  }

  private static String mediaType(Path file) {
    try {
      String type = Files.probeContentType(file);
      return type == null || type.isBlank() ? FileInfo.DEFAULT_TYPE : type;
    } catch (IOException | RuntimeException e) {
      return FileInfo.DEFAULT_TYPE;
    }
  }

  private static HttpClient defaultHttpClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  /** Configures a {@link GhostPipe}. */
  public static final class Builder {

    private URI relay;
    private String apiKey;
    private String deviceId;
    private String sector;
    private Path keyDirectory = DeviceKeys.defaultDirectory();
    private Path stateDirectory = DeviceKeys.defaultDirectory();
    private HttpClient httpClient;
    private RetryPolicy retry = RetryPolicy.DEFAULT;
    private Progress.Listener progress;
    private boolean acknowledge = true;
    private String expectedLogKeyId;

    private Builder() {}

    /**
     * The relay's base URL ({@code http://127.0.0.1:3000/}); required.
     *
     * @throws IllegalArgumentException unless it is an http or https URL with a host and without
     *     user info, query or fragment
     */
    public Builder relay(URI relay) {
      this.relay = RelayAddress.of(Objects.requireNonNull(relay, "relay")).uri();
      return this;
    }

    /**
     * The account's API key ({@code pgp_...}): needed by every route but the drop pickup. Keep it
     * out of command lines and logs; it is sent in the {@code X-Api-Key} header only.
     */
    public Builder apiKey(String apiKey) {
      this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
      return this;
    }

    /** This device's id: what it registers under and what push announcements are narrowed to. */
    public Builder deviceId(String deviceId) {
      if (!RelayClient.isDeviceId(deviceId)) {
        throw new IllegalArgumentException(
            "a device id is 1 to 128 characters of letters, digits, '.', '_', ':' or '-'");
      }
      this.deviceId = deviceId;
      return this;
    }

    /**
     * The sector the relay serves ({@code main}, {@code health}, ...): when given, a device whose
     * registration the relay's log records for another sector is refused.
     */
    public Builder sector(String sector) {
      this.sector = Objects.requireNonNull(sector, "sector");
      return this;
    }

    /** Where {@value DeviceKeys#FILE_NAME} is; default {@code ~/.paramant}. */
    public Builder keyDirectory(Path directory) {
      this.keyDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * Where pinned log heads ({@code log-heads/}) and resumable receives ({@code receive/}) are
     * kept; default {@code ~/.paramant}.
     */
    public Builder stateDirectory(Path directory) {
      this.stateDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * The HTTP client for every request and the push socket; by default one over HTTP/1.1 that
     * follows no redirects.
     */
    public Builder httpClient(HttpClient client) {
      this.httpClient = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * How often a request is tried (at least 1) and the backoff between attempts, doubling from
     * {@code initialDelay} up to {@code maxDelay}; a relay's {@code Retry-After} replaces the
     * backoff (up to 60 s). Default: 6 attempts, 250 ms to 8 s.
     */
    public Builder retries(int maxAttempts, Duration initialDelay, Duration maxDelay) {
      this.retry = new RetryPolicy(maxAttempts, initialDelay, maxDelay);
      return this;
    }

    /** Called after every chunk sent or received. */
    public Builder progress(Progress.Listener listener) {
      this.progress = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Whether every received blob is confirmed to the relay ({@code POST /v2/ack}, logged there as
     * an {@code ack} leaf); default true. Confirmations are sent once and their failures ignored.
     */
    public Builder acknowledgeDeliveries(boolean acknowledge) {
      this.acknowledge = acknowledge;
      return this;
    }

    /**
     * The key id the relay's log must be signed with, learned out of band; see {@link
     * LogVerifier.Builder#expectedKeyId}.
     */
    public Builder expectedLogKeyId(String keyId) {
      this.expectedLogKeyId = Objects.requireNonNull(keyId, "keyId");
      return this;
    }

    /**
     * @throws IllegalStateException if no relay was given
     */
    public GhostPipe build() {
      if (relay == null) {
        throw new IllegalStateException("a relay URL is required");
      }
      return new GhostPipe(this);
    }
  }
}
