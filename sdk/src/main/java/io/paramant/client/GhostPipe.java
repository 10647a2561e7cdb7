package io.paramant.client;

import io.paramant.client.internal.audit.AuditChecks;
import io.paramant.client.internal.audit.AuditPage;
import io.paramant.client.internal.crypto.Randomness;
import io.paramant.client.internal.ctlog.LogAudit;
import io.paramant.client.internal.ctlog.NamespaceDirectory;
import io.paramant.client.internal.ctlog.RelayAddress;
import io.paramant.client.internal.ctlog.RemoteLog;
import io.paramant.client.internal.ctlog.ServedDevice;
import io.paramant.client.internal.ctlog.ServedDid;
import io.paramant.client.internal.ctlog.StrictJson;
import io.paramant.client.internal.ctlog.VerifiedDevices;
import io.paramant.client.internal.envelope.Credential;
import io.paramant.client.internal.envelope.Envelope;
import io.paramant.client.internal.envelope.KdfParameters;
import io.paramant.client.internal.envelope.Recipient;
import io.paramant.client.internal.envelope.Signing;
import io.paramant.client.internal.keys.DeviceKeyring;
import io.paramant.client.internal.monitor.KeyMonitor;
import io.paramant.client.internal.notary.NotaryMessage;
import io.paramant.client.internal.notary.Receipt;
import io.paramant.client.internal.pins.HomeLogPin;
import io.paramant.client.internal.pins.NamespacePin;
import io.paramant.client.internal.relay.DidAuth;
import io.paramant.client.internal.relay.PushSocket;
import io.paramant.client.internal.relay.RelayClient;
import io.paramant.client.internal.relay.RelayHttp;
import io.paramant.client.internal.relay.RetryPolicy;
import io.paramant.client.internal.transfer.OutgoingFile;
import io.paramant.client.internal.transfer.ProgressReport;
import io.paramant.client.internal.transfer.PushAssembly;
import io.paramant.client.internal.transfer.ResumableReceive;
import io.paramant.client.internal.transfer.UploadPipeline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

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
 *       uploaded under its SHA-256, naming the recipient device for push. Every chunk is signed by
 *       this device's ML-DSA-65 key ({@link SenderSigning}; PROTOCOL.md, "Sender signature"), so
 *       this device must be registered in its namespace.
 *   <li><b>Receive</b> ({@link #receive(String, Path)}): downloads the blobs of a {@link
 *       Transfer#id() transfer id} in order, opens each with this device's keys, and writes the
 *       file under a temporary name that becomes the file's name only after every chunk
 *       authenticated. An interrupted receive resumes: chunks on disk are re-verified and kept,
 *       chunks not yet downloaded are still on the relay, and a blob downloaded but not yet written
 *       is kept (sealed) in the state directory, because the relay burns a blob once it has been
 *       downloaded. A device-to-device file must be signed by a device of this device's namespace
 *       whose keys the log proves, and is refused otherwise ({@link SenderSignatureException});
 *       {@link #receive(String, Path, UnsignedTransfers)} says who sent it.
 *   <li><b>Password transfers</b> (suite 2) work the same way with a password instead of device
 *       keys; <b>anonymous drops</b> (suite 3, {@link #drop(Path, Duration)}, {@link #pickup})
 *       travel under an id derived from 12 words, which are the only key.
 *   <li><b>DIDs</b> ({@link #registerDid()}, {@link #resolveDid(String)}; docs/did.md): the
 *       device's {@code did:paramant:} identifier, bound by the relay to its keys and logged; a
 *       resolved DID document is checked against the DID and the relay's verified log. With {@link
 *       Builder#deviceAuth DeviceAuth.DID}, the device's own requests are signed by its ML-DSA-65
 *       key instead of carrying the API key.
 *   <li><b>Audit chain</b> ({@link #audit()}, {@link #auditCsv}, {@link #verifyAudit()}): the
 *       account's hash-chained history as the relay keeps it, exported and checked here: its
 *       hashes, that every anchor is an {@code audit} leaf of the verified log naming a head of the
 *       chain, and that no minute with entries went unanchored.
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
 *
 * <p>This class is the SDK's facade: it checks arguments and hands the work to internal classes,
 * the upload pipeline ({@code internal.transfer.UploadPipeline}), the resumable receive and the
 * assembly of pushed chunks ({@code ResumableReceive}, {@code PushAssembly}), the log-checked
 * device keys ({@code internal.ctlog.VerifiedDevices}) and the relay's HTTP API over one HTTP layer
 * with one retry policy ({@code internal.relay.RelayClient}, {@code RelayHttp}).
 */
public final class GhostPipe implements AutoCloseable {

  /** The name a file sent from memory gets when the caller names none. */
  public static final String DEFAULT_FILE_NAME = "data.bin";

  private final RelayClient relay;
  private final HttpClient http;
  private final String deviceId;
  private final DeviceKeyring keyring;
  private final VerifiedDevices devices;
  private final NamespaceDirectory signers;
  private final UploadPipeline uploads;
  private final ResumableReceive receives;
  private final PushAssembly announced;
  private final LogVerifier log;
  private final KeyMonitor monitor;
  private final NamespacePin namespace;
  private final String sector;
  private final RemoteLog remoteLog;
  private final Duration receiptWait;

  private GhostPipe(Builder builder) {
    RelayAddress address = RelayAddress.of(builder.relay);
    this.http = builder.httpClient != null ? builder.httpClient : RelayHttp.defaultHttpClient();
    // one HTTP layer, one retry policy for the API and the log's routes
    RelayHttp relayHttp = new RelayHttp(address, http, builder.retry, RelayHttp.Sleeper.system());
    LogVerifier.Builder verifier =
        LogVerifier.forRelay(address.uri())
            .stateDirectory(builder.stateDirectory)
            .relayHttp(relayHttp);
    if (builder.expectedLogKeyId != null) {
      verifier.expectedKeyId(builder.expectedLogKeyId);
    }
    builder.witnesses.forEach(w -> verifier.witness(w.getKey(), w.getValue()));
    if (builder.quorum > 0) {
      verifier.quorum(builder.quorum);
    }
    if (builder.logOrigin != null) {
      verifier.origin(builder.logOrigin);
    }
    verifier.witnessPinned(builder.witnessPinned);
    this.log = verifier.build();
    this.keyring = new DeviceKeyring(builder.keyDirectory);
    this.sector = builder.sector;
    DidAuth didAuth =
        new DidAuth(keyring::keys, log::logKeyId, System::currentTimeMillis, Randomness.system());
    this.relay =
        new RelayClient(relayHttp, builder.apiKey, didAuth, builder.deviceAuth == DeviceAuth.DID);
    this.remoteLog = new RemoteLog(relayHttp);
    this.receiptWait = builder.receiptWait;
    this.monitor = new KeyMonitor(address.uri(), remoteLog, log::verify, builder.stateDirectory);
    this.deviceId = builder.deviceId;
    this.namespace =
        new NamespacePin(
            builder.stateDirectory, address, builder.namespace, builder.namespacePinned);
    namespace.checkConfigured();
    HomeLogPin homeLogs = new HomeLogPin(builder.stateDirectory);
    this.devices =
        new VerifiedDevices(
            address,
            relay::pubkey,
            log::verifyServed,
            builder.sector,
            namespace,
            homeLogs,
            relay::accountNamespace);
    this.signers =
        new NamespaceDirectory(
            relay::pubkeys,
            log::verifyServed,
            builder.sector,
            namespace::known,
            namespace::pin,
            homeLogs,
            address,
            deviceId,
            () -> keyring.keys().publicKeys(),
            System::currentTimeMillis);
    Envelope envelope = new Envelope();
    ProgressReport progress = new ProgressReport(builder.progress);
    this.uploads = new UploadPipeline(relay, envelope, progress);
    this.receives =
        new ResumableReceive(
            relay,
            envelope,
            builder.stateDirectory,
            builder.acknowledge,
            deviceId,
            progress,
            signers,
            System::currentTimeMillis);
    this.announced = new PushAssembly(receives);
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
   * @throws IllegalStateException if no device id is configured: a device-to-device send is signed
   * @throws LogVerificationException {@code KEY_MISMATCH} also if this device is not registered
   *     with its own keys in its namespace's directory (it could not sign verifiably; register it,
   *     or send {@link SenderSigning#UNSIGNED})
   */
  public Transfer send(Path file, String recipientDevice, Duration ttl) {
    return send(file, recipientDevice, ttl, SenderSigning.SIGNED);
  }

  /**
   * Sends {@code file} like {@link #send(Path, String, Duration)}, signed by this device or, with
   * {@link SenderSigning#UNSIGNED}, not (its receiver must then accept unsigned transfers).
   */
  public Transfer send(Path file, String recipientDevice, Duration ttl, SenderSigning signed) {
    Recipient to = Recipient.device(verifiedKeys(recipientDevice));
    Signing signing = signingFor(recipientDevice, signed);
    try (OutgoingFile outgoing = OutgoingFile.open(file, mediaType(file))) {
      return sendChunks(outgoing, to, recipientDevice, signing, ttl);
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
    return send(content, fileName, recipientDevice, ttl, SenderSigning.SIGNED);
  }

  /**
   * Sends {@code content} as {@code fileName}, signed or not; see {@link #send(Path, String,
   * Duration, SenderSigning)}.
   */
  public Transfer send(
      byte[] content, String fileName, String recipientDevice, Duration ttl, SenderSigning signed) {
    Recipient to = Recipient.device(verifiedKeys(recipientDevice));
    Signing signing = signingFor(recipientDevice, signed);
    try (OutgoingFile outgoing = OutgoingFile.of(content, fileName, FileInfo.DEFAULT_TYPE)) {
      return sendChunks(outgoing, to, recipientDevice, signing, ttl);
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
      return sendChunks(outgoing, to, null, null, ttl);
    }
  }

  /**
   * Sends {@code content} as {@code fileName}, sealed with a password; see {@link #send(Path,
   * char[], Duration)}.
   */
  public Transfer send(byte[] content, String fileName, char[] password, Duration ttl) {
    Recipient to = Recipient.password(Objects.requireNonNull(password), KdfParameters.DEFAULT);
    try (OutgoingFile outgoing = OutgoingFile.of(content, fileName, FileInfo.DEFAULT_TYPE)) {
      return sendChunks(outgoing, to, null, null, ttl);
    }
  }

  private Transfer sendChunks(
      OutgoingFile file, Recipient to, String device, Signing signing, Duration ttl) {
    UploadPipeline.Sent sent = uploads.send(file, to, device, signing, ttl);
    return new Transfer(
        relay(),
        sent.fileId().hex(),
        file.info().name(),
        file.info().size(),
        sent.hashes(),
        device,
        sent.ttl());
  }

  /**
   * How this device signs a file for {@code recipientDevice} of its namespace (PROTOCOL.md, "Sender
   * signature"): with its ML-DSA-65 key, as its namespace and device id, over the recipient's
   * binding.
   */
  private Signing signingFor(String recipientDevice, SenderSigning signed) {
    if (Objects.requireNonNull(signed, "signed") == SenderSigning.UNSIGNED) {
      return null;
    }
    if (deviceId == null) {
      throw new IllegalStateException(
          "no device id configured: a device-to-device send is signed by the sending device");
    }
    String self = deviceId;
    return Signing.to(
        keyring.keys(), signers.namespace(), self, recipientDevice, System.currentTimeMillis());
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
    return receive(transferId, targetDirectory, UnsignedTransfers.REFUSE).path();
  }

  /** Receives a transfer this client sent or was given; see {@link #receive(String, Path)}. */
  public Path receive(Transfer transfer, Path targetDirectory) {
    return receive(transfer, targetDirectory, UnsignedTransfers.REFUSE).path();
  }

  /**
   * Receives a device-to-device transfer, like {@link #receive(String, Path)}, and says who sent
   * it. Every chunk must be signed by one device of this device's namespace whose keys the log
   * proves, for this device, and the file must not have been accepted from that signer before
   * (PROTOCOL.md, "Sender signature"); an unsigned transfer is accepted only with {@link
   * UnsignedTransfers#ACCEPT}. The signer's keys come from a cached copy of the namespace's
   * directory ({@code GET /v2/pubkey}), fetched whole, so the relay does not learn who sent what.
   *
   * @return the file and its verified sender (empty for an accepted unsigned transfer)
   * @throws SenderSignatureException if a signature is missing, invalid, not for this device, from
   *     another namespace or an unverifiable signer, from two signers, or the file is a replay; no
   *     part of the file is left on disk
   */
  public ReceivedFile receive(String transferId, Path targetDirectory, UnsignedTransfers unsigned) {
    return receives.receive(
        Transfer.parseId(transferId),
        targetDirectory(targetDirectory),
        Credential.device(keyring.keys()),
        Objects.requireNonNull(unsigned, "unsigned"));
  }

  /**
   * Receives a transfer and says who sent it; see {@link #receive(String, Path,
   * UnsignedTransfers)}.
   */
  public ReceivedFile receive(Transfer transfer, Path targetDirectory, UnsignedTransfers unsigned) {
    return receives.receive(
        chunksOf(transfer),
        targetDirectory(targetDirectory),
        Credential.device(keyring.keys()),
        Objects.requireNonNull(unsigned, "unsigned"));
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
    return receive(announcement, targetDirectory, UnsignedTransfers.REFUSE).map(ReceivedFile::path);
  }

  /**
   * Receives the blob of a push announcement, like {@link #receive(BlobAnnouncement, Path)}, with
   * the sender checks of {@link #receive(String, Path, UnsignedTransfers)}.
   *
   * @throws SenderSignatureException if a chunk's signature is refused: the file's assembly so far
   *     is deleted
   */
  public Optional<ReceivedFile> receive(
      BlobAnnouncement announcement, Path targetDirectory, UnsignedTransfers unsigned) {
    return announced.receive(
        announcement.hash(),
        targetDirectory(targetDirectory),
        Credential.device(keyring.keys()),
        Objects.requireNonNull(unsigned, "unsigned"));
  }

  private Path receiveChunks(List<String> hashes, Path targetDirectory, Credential credential) {
    return receives
        .receive(hashes, targetDirectory(targetDirectory), credential, UnsignedTransfers.REFUSE)
        .path();
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
      return uploads.drop(outgoing, ttl);
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
      return uploads.drop(outgoing, ttl);
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
    return receives.pickup(words, targetDirectory(targetDirectory));
  }

  // ------------------------------------------------------------------------------------------------
  // keys

  /**
   * Registers this device's public keys under its device id ({@code POST /v2/pubkey}), generating
   * and storing the device's key pairs (ML-KEM-768, P-256, ML-DSA-65) in the key directory first if
   * there are none, and then checks the registration the way a sender will: fetched back, its
   * {@code pubkey} leaf proven in the relay's verified log. Registering the same keys again is
   * harmless; other keys under the same device id are refused by the relay (409 {@code
   * device_key_conflict}): then the relay holds keys for this device that are not its own, which is
   * reported as a key substitution (PROTOCOL.md, "Owners monitor").
   *
   * @throws KeySubstitutionException if the relay refuses the registration because other keys are
   *     registered under this device id
   * @throws IllegalStateException if no device id was configured
   * @throws LogVerificationException {@code KEY_MISMATCH} if the relay registered or serves other
   *     keys than this device's
   */
  public DeviceRegistration registerDevice() {
    String device = requireDeviceId();
    PublicKeys mine = keyring.keysForRegistration().publicKeys();
    RelayClient.Registration registration;
    try {
      registration = relay.register(device, mine);
    } catch (RelayRequestException e) {
      if (e.status().orElse(0) == 409
          && e.errorCode().filter("device_key_conflict"::equals).isPresent()) {
        throw KeyMonitor.registrationRefused(
            relay(), device, mine.fingerprint(), servedRecord(device));
      }
      throw e;
    }
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
    devices.forget(device);
    signers.forget();
    PublicKeys logged = verifiedKeys(device);
    if (!logged.equals(mine)) {
      throw new LogVerificationException(
          LogVerificationException.Reason.KEY_MISMATCH,
          "the relay serves fingerprint " + logged.fingerprint() + " for device " + device);
    }
    return new DeviceRegistration(device, mine.fingerprint(), registration.ctIndex());
  }

  /**
   * Scans the relay's log for keys registered for this device that are not its own, as its owner's
   * monitor (PROTOCOL.md, "Owners monitor"; {@code paramant keys monitor}). The first scan reads
   * every leaf from index 0, later scans continue where the last stopped (state per log key id,
   * namespace and device in the state directory, {@code key-monitor/}). Every leaf is read from its
   * raw bytes, hashed here, and proven by rebuilding the root of the relay's verified tree head
   * from the leaf hashes (see {@code internal.monitor}); every {@code pubkey} leaf with this
   * device's binding must name this device's key fingerprint, and so must every {@code notary} leaf
   * it signed.
   *
   * <p>The binding is computed with the namespace in force: configured or pinned, whatever the
   * relay serves for this device; else the relay's answer, as for a lookup, after this device's
   * registration was checked against the log in it, and then pinned (as a lookup pins it).
   *
   * @return the scan; it found nothing
   * @throws KeySubstitutionException if a leaf binds this device to other keys (this scan's or an
   *     earlier one's finding: a finding is never forgotten)
   * @throws LogVerificationException if the relay's log or a page of leaves does not check out
   * @throws TransferException {@code UNKNOWN_DEVICE} if no namespace is configured or pinned and
   *     this device is not registered
   * @throws IllegalStateException if no device id is configured or the key directory holds no keys
   */
  public KeyScan monitorKeys() {
    String device = requireDeviceId();
    String fingerprint = keyring.keys().publicKeys().fingerprint();
    return monitor.scan(ownNamespace(device, fingerprint), device, fingerprint);
  }

  /**
   * The namespace the relay serves this device's registration under, once the registration's leaf
   * is proven in the verified log (its fingerprint may be foreign: the scan then reports it).
   */
  private String ownNamespace(String device, String fingerprint) {
    Optional<String> known = namespace.known();
    if (known.isPresent()) {
      // Configured or pinned: the scan needs nothing the relay says about this device, so a relay
      // that hides the device's registration (404) cannot keep its owner from scanning the log.
      return known.get();
    }
    ServedDevice served = ServedDevice.read(device, relay.pubkey(device));
    String ns = namespace.namespace(() -> relay.accountNamespace().orElse(served.namespace()));
    LogAudit.checkRegistration(log.verifyServed(served.sth()), served, ns);
    if (served.computedFingerprint().equals(fingerprint)) {
      // proven by this device's own keys, so pinned (as the signers' directory pins it): unpinned,
      // every scan would take the relay's word again, and a relay could answer the next scan with
      // a decoy namespace in which this device's keys are fine. A foreign registration is not
      // pinned: the scan reports it.
      namespace.pin(ns);
    }
    return ns;
  }

  /** This device's record as the relay serves it, unverified (for a message), or null. */
  private ServedDevice servedRecord(String device) {
    try {
      return ServedDevice.read(device, relay.pubkey(device));
    } catch (RuntimeException e) {
      return null;
    }
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
    return keyring.keys().publicKeys();
  }

  // ------------------------------------------------------------------------------------------------
  // DID

  /**
   * This device's {@code did:paramant:} identifier, from the key directory (no request).
   *
   * @throws IllegalStateException if the key directory holds no keys
   */
  public String did() {
    return keyring.keys().did();
  }

  /**
   * Registers this device's DID with the relay (docs/did.md, "Registration"): first its keys, as
   * {@link #registerDevice()} does (generated if there are none, checked in the log; the relay
   * binds a DID only to keys its key directory holds), then {@code POST /v2/did/register}, with the
   * API key and signed by the device's ML-DSA-65 key; then the DID is resolved as a resolver will
   * ({@link #resolveDid}), and its document must name this device's keys and the logged leaf.
   * Registering the same DID again is harmless; a DID is never bound to another device.
   *
   * @throws RelayRequestException if the relay refuses: {@code did_conflict} (409: the DID is bound
   *     to another device, or to this device id in another namespace), {@code did_keys_differ}
   *     (409), {@code not_found} (404: no such device in the account's namespace), with the relay's
   *     code
   * @throws LogVerificationException {@code KEY_MISMATCH} if the relay registered or serves other
   *     keys than this device's, or the proofs do not check out
   * @throws KeySubstitutionException see {@link #registerDevice()}
   * @throws IllegalStateException if no device id or no API key was configured
   */
  public DidRegistration registerDid() {
    DeviceRegistration device = registerDevice();
    PublicKeys mine = keyring.keys().publicKeys();
    String did = mine.did().orElseThrow();
    // the registration names the namespace it is for, signed (docs/did.md): a captured request
    // cannot bind the DID in another namespace that registered the same public keys
    String ns = ownNamespace(device.deviceId(), mine.fingerprint());
    long index = relay.registerDid(device.deviceId(), mine, ns);
    DidDocument resolved = resolveDid(did);
    if (!resolved.matches(mine) || resolved.ctIndex() != index) {
      throw new LogVerificationException(
          LogVerificationException.Reason.KEY_MISMATCH,
          "the relay registered "
              + did
              + " as leaf "
              + index
              + " but resolves it to leaf "
              + resolved.ctIndex()
              + (resolved.matches(mine) ? "" : " with other keys"));
    }
    return new DidRegistration(did, device.deviceId(), index);
  }

  /**
   * Resolves a DID ({@code GET /v2/did/{did}}, no key needed) and verifies its document: the DID
   * recomputed from the document's ML-DSA-65 and P-256 keys must be {@code did}, the document's
   * tree head is verified like {@link LogVerifier#verify()} verifies one (pinned key, consistent
   * history, witnesses when configured), and the inclusion proof of the {@code did} leaf rebuilt
   * from the DID, the sector and the time the document names must lead to that head's root. With
   * {@link Builder#sector} configured, the leaf must be of that sector.
   *
   * @throws IllegalArgumentException if {@code did} is not a {@code did:paramant:} identifier
   * @throws TransferException {@code UNKNOWN_DEVICE} if the relay knows no such DID; {@code
   *     WRONG_SECTOR}
   * @throws LogVerificationException {@code KEY_MISMATCH} if the keys are not the DID's, {@code
   *     NOT_INCLUDED} if the proof does not verify, {@code MALFORMED_RESPONSE}, or any failure of
   *     the tree head
   * @throws RelayRequestException if the relay gives no usable answer
   */
  public DidDocument resolveDid(String did) {
    if (!ServedDid.isDid(did)) {
      throw new IllegalArgumentException(
          "a DID is did:paramant: and 32 characters of lowercase base32 ([a-z2-7])");
    }
    ServedDid served = ServedDid.read(did, relay.didDocument(did));
    io.paramant.ct.sth.SignedTreeHead head = log.verifyServed(served.sth());
    LogAudit.checkDid(head, served);
    if (sector != null && !sector.equals(served.sector())) {
      throw new TransferException(
          TransferException.Reason.WRONG_SECTOR,
          did + " is logged in sector " + served.sector() + ", not " + sector);
    }
    return new DidDocument(
        did,
        served.mlDsa(),
        served.p256(),
        served.sector(),
        served.ctIndex(),
        java.time.Instant.ofEpochMilli(served.insertedAtMillis()),
        head.treeSize(),
        head.keyId());
  }

  private PublicKeys verifiedKeys(String device) {
    if (!RelayClient.isDeviceId(device)) {
      throw new IllegalArgumentException(
          "a device id is 1 to 128 characters of letters, digits, '.', '_', ':' or '-'");
    }
    return devices.keys(device);
  }

  // ------------------------------------------------------------------------------------------------
  // audit chain

  /** Entries per page of {@code GET /v2/audit} (the relay allows up to 100000). */
  static final int AUDIT_PAGE_SIZE = 5_000;

  /**
   * Exports this account's audit chain in this relay's sector (PROTOCOL.md, "Notary receipt and
   * audit chain"): every JSON page of {@code GET /v2/audit}, following {@code next_after_seq},
   * authenticated like the device's own requests ({@link Builder#deviceAuth}: the API key, or the
   * device's DID). Nothing is verified: {@link #verifyAudit(AuditChain)} does that.
   *
   * @throws RelayRequestException if the relay cannot be reached or refuses
   * @throws LogVerificationException {@code MALFORMED_RESPONSE} for an answer of another shape
   */
  public AuditChain audit() {
    List<AuditChain> pages = new ArrayList<>();
    long after = 0;
    while (true) {
      byte[] body = relay.auditPage(after, AUDIT_PAGE_SIZE);
      AuditPage page;
      try {
        page = AuditPage.read(StrictJson.parse(body));
      } catch (StrictJson.ShapeException e) {
        throw new LogVerificationException(
            LogVerificationException.Reason.MALFORMED_RESPONSE, "GET /v2/audit: " + e.getMessage());
      }
      pages.add(page.chain());
      if (page.nextAfterSeq().isEmpty()) {
        break;
      }
      long next = page.nextAfterSeq().getAsLong();
      if (next <= after) {
        throw new LogVerificationException(
            LogVerificationException.Reason.MALFORMED_RESPONSE,
            "GET /v2/audit: next_after_seq " + next + " does not advance past " + after);
      }
      after = next;
    }
    try {
      return AuditPage.join(pages);
    } catch (StrictJson.ShapeException e) {
      throw new LogVerificationException(
          LogVerificationException.Reason.MALFORMED_RESPONSE, "GET /v2/audit: " + e.getMessage());
    }
  }

  /**
   * Writes this account's audit chain as the relay exports it in CSV ({@code GET
   * /v2/audit?format=csv}: RFC 4180, CRLF, the header row {@code
   * seq,at,event,subject,size,prev_hash,entry_hash}) to {@code out}, as it arrives; authenticated
   * like {@link #audit()}. Not verified.
   *
   * @return the number of bytes written
   * @throws RelayRequestException if the relay cannot be reached, refuses, or the answer is cut off
   *     after bytes were written (it is not asked again then)
   * @throws UncheckedIOException if {@code out} cannot be written
   */
  public long auditCsv(java.io.OutputStream out) {
    return relay.auditCsv(Objects.requireNonNull(out, "out"));
  }

  /**
   * Exports this account's audit chain ({@link #audit()}) and verifies it ({@link
   * #verifyAudit(AuditChain)}).
   */
  public AuditVerification verifyAudit() {
    return verifyAudit(audit());
  }

  /**
   * Verifies an exported audit chain against this relay's log:
   *
   * <ol>
   *   <li>the chain: the first entry starts from 32 zero bytes when its seq is 1 (else from the
   *       retention base, reported as {@link AuditVerification#baseSeq()}), every {@code
   *       entry_hash} is {@code SHA3-256(prev_hash || RFC 8785 JSON of {seq, at, event, subject,
   *       size?})}, every {@code prev_hash} the hash before it, seqs consecutive, the head the last
   *       entry;
   *   <li>every anchor: its leaf ({@code GET /v2/ct/leaves} with its inclusion proof) is proven in
   *       a tree head verified like {@link LogVerifier#verify()} verifies one (pinned log key,
   *       consistent with every head seen before, the witness quorum when witnesses are
   *       configured), is an {@code audit} leaf of the chain's sector naming the chain's entry hash
   *       at its seq, that seq, {@code SHA3-256} of the audit id (the export's {@code
   *       audit_id_hash}) and the anchor's time; with {@link Builder#sector}, the chain must be of
   *       that sector;
   *   <li>coverage: every entry more than 120 s older than the export has an anchor of its seq or
   *       later logged at most 120 s after it (the relay anchors every minute in which the chain
   *       grew).
   * </ol>
   *
   * @throws AuditVerificationException with the reason and the seq: {@code CHAIN_BROKEN}, {@code
   *     ANCHOR_NOT_ON_CHAIN}, {@code ANCHOR_LEAF_INVALID}, {@code ANCHOR_MISSING}, {@code
   *     AUDIT_ID_MISMATCH}
   * @throws LogVerificationException if the log's tree head does not verify
   * @throws RelayRequestException if the log cannot be asked
   */
  public AuditVerification verifyAudit(AuditChain chain) {
    Objects.requireNonNull(chain, "chain");
    if (sector != null && !sector.equals(chain.sector())) {
      throw new AuditVerificationException(
          AuditVerificationException.Reason.AUDIT_ID_MISMATCH,
          -1,
          "the chain is of sector " + chain.sector() + ", not " + sector);
    }
    AuditChecks.Log checked =
        new AuditChecks.Log() {
          @Override
          public VerifiedHead verifiedHead() {
            return log.verify();
          }

          @Override
          public RemoteLog.ProvenLeaf leaf(long index, long treeSize) {
            return remoteLog.provenLeaf(index, treeSize);
          }
        };
    return AuditChecks.verify(chain, checked, duration -> Thread.sleep(duration.toMillis()));
  }

  // ------------------------------------------------------------------------------------------------
  // notary

  /**
   * Notarises {@code file} (docs/notary.md): its SHA-256, computed here while the file is read in
   * pieces (the relay never sees the document), is signed with this device's ML-DSA-65 key over
   * {@code "paramant/notary/v1" || SHA-256 || signed_at_ms || binding} (the binding of this
   * device's namespace, configured, pinned or else as {@code GET /v2/pubkey/{device}} serves it,
   * and device id) and logged by the relay ({@code POST /v2/notary}, with the API key or, with
   * {@link DeviceAuth#DID}, the device's DID). Then this call waits, polling {@code GET /v2/ct/sth}
   * every {@value #RECEIPT_POLL_SECONDS} s for at most {@link Builder#receiptWait} (default 6
   * minutes), for a tree head that covers the new leaf and, with witnesses, has their quorum
   * (verified like {@link LogVerifier#verify()}); without witnesses the first covering head is
   * taken. The receipt holds that head as served, the {@code notary} leaf and this device's {@code
   * pubkey} leaf (found with {@code GET /v2/pubkey/{device}}, which needs the API key) with their
   * inclusion proofs against it, and this device's keys. Before it is returned, the receipt is
   * verified as {@link #verifyReceipt} will verify it, with the log key pinned here.
   *
   * @throws IllegalStateException if no device id is configured, the key directory holds no keys,
   *     or no API key is configured for the key lookup
   * @throws RelayRequestException if the relay refuses ({@code invalid_signature}, {@code
   *     signed_at_out_of_window}, {@code device_cannot_sign}, {@code not_found}: this device is not
   *     registered in the account's namespace, ...)
   * @throws LogVerificationException {@code KEY_MISMATCH} if the relay logged or serves other keys
   *     for this device, {@code NAMESPACE_CHANGED}, {@code WITNESS_QUORUM} if no covering head got
   *     the quorum in time, {@code NOT_INCLUDED} if the proofs do not make a valid receipt, or any
   *     failure of the tree head
   * @throws TransferException {@code WRONG_SECTOR} if the relay's sector is not the configured one,
   *     or this device's keys are logged in another sector than the notary leaf
   */
  public NotaryReceipt notarise(Path file) {
    String device = requireDeviceId();
    io.paramant.client.DeviceKeys keys = keyring.keys();
    PublicKeys mine = keys.publicKeys();
    byte[] sha256 = ReceiptVerification.sha256(file);
    // the signature covers the signer's binding: its namespace is needed first
    ServedDevice registered = ServedDevice.read(device, relay.pubkey(device));
    Optional<String> known = namespace.known();
    String ns = known.orElse(registered.namespace());
    if (!ns.equals(registered.namespace())) {
      throw new LogVerificationException(
          LogVerificationException.Reason.NAMESPACE_CHANGED,
          "the relay serves device "
              + device
              + " in namespace "
              + RelayHttp.printable(registered.namespace())
              + ", this client's namespace is "
              + ns);
    }
    if (!registered.computedFingerprint().equals(mine.fingerprint())) {
      throw new LogVerificationException(
          LogVerificationException.Reason.KEY_MISMATCH,
          "the relay serves keys with fingerprint "
              + registered.computedFingerprint()
              + " for device "
              + device
              + ", this device's keys have "
              + mine.fingerprint());
    }
    byte[] binding;
    try {
      binding = io.paramant.ct.entry.DeviceBinding.of(ns, device);
    } catch (io.paramant.ct.entry.InvalidEntryException e) {
      throw new LogVerificationException(
          LogVerificationException.Reason.MALFORMED_RESPONSE,
          "GET /v2/pubkey/" + device + ": namespace: " + e.getMessage());
    }
    long signedAt = System.currentTimeMillis();
    byte[] signature =
        NotaryMessage.sign(keys.privateKeys(), sha256, signedAt, binding, Randomness.system());
    String documentHash = java.util.HexFormat.of().formatHex(sha256);
    RelayClient.Notarised answer =
        relay.notarise(device, documentHash, signedAt, NotaryMessage.encode(signature));
    if (!answer.deviceId().equals(device) || !answer.fingerprint().equals(mine.fingerprint())) {
      throw new LogVerificationException(
          LogVerificationException.Reason.KEY_MISMATCH,
          "the relay logged the document for device "
              + RelayHttp.printable(answer.deviceId())
              + " with fingerprint "
              + answer.fingerprint()
              + ", this device ("
              + device
              + ") has "
              + mine.fingerprint());
    }
    if (!ns.equals(answer.namespace())) {
      throw new LogVerificationException(
          LogVerificationException.Reason.NAMESPACE_CHANGED,
          "the relay logged the document in namespace "
              + RelayHttp.printable(answer.namespace())
              + ", this client's namespace is "
              + ns);
    }
    if (sector != null && !sector.equals(answer.sector())) {
      throw new TransferException(
          TransferException.Reason.WRONG_SECTOR,
          "the notary leaf is logged in sector "
              + RelayHttp.printable(answer.sector())
              + ", not "
              + sector);
    }
    LogVerifier.Document head = awaitCoveringHead(answer.ctIndex());
    long treeSize = head.head().treeSize();
    if (!registered.sector().equals(answer.sector())) {
      throw new TransferException(
          TransferException.Reason.WRONG_SECTOR,
          "device "
              + device
              + "'s keys are logged in sector "
              + RelayHttp.printable(registered.sector())
              + ", the notary leaf in sector "
              + RelayHttp.printable(answer.sector())
              + ": a receipt proves both under one head, so notarise through the relay of the"
              + " device's home sector");
    }
    RemoteLog.ProvenLeaf notaryLeaf = remoteLog.provenLeaf(answer.ctIndex(), treeSize);
    RemoteLog.ProvenLeaf pubkeyLeaf = remoteLog.provenLeaf(registered.ctIndex(), treeSize);
    Receipt receipt =
        new Receipt(
            sha256,
            signedAt,
            signature,
            answer.namespace(),
            device,
            mine.mlKem(),
            mine.ecdh(),
            mine.mlDsa().orElseThrow(),
            mine.fingerprint(),
            answer.binding(),
            answer.sector(),
            new Receipt.Leaf(
                answer.ctIndex(), notaryLeaf.leaf().entry().insertedAtMillis(), notaryLeaf.path()),
            new Receipt.Leaf(
                registered.ctIndex(),
                pubkeyLeaf.leaf().entry().insertedAtMillis(),
                pubkeyLeaf.path()),
            io.paramant.client.internal.ctlog.ServedHead.fromJson(head.json()),
            head.json());
    VerifiedReceipt verified;
    try {
      String url = relay().toString();
      verified =
          ReceiptVerification.verify(
              ReceiptVerification.parse(receipt.toJson(), "the receipt"),
              ReceiptPins.of(head.publicKey(), url.substring(0, url.length() - 1), List.of(), 0));
    } catch (ReceiptException e) {
      throw new LogVerificationException(
          LogVerificationException.Reason.NOT_INCLUDED,
          "the relay's answers do not make a valid receipt of leaf "
              + answer.ctIndex()
              + ": "
              + e.getMessage(),
          e);
    }
    if (known.isEmpty()) {
      // proven by this device's own keys' pubkey leaf under a verified head: pinned, as a lookup
      namespace.pin(answer.namespace());
    }
    return new NotaryReceipt(
        receipt,
        new VerifiedReceipt(
            verified.documentSha256(),
            verified.signedAt(),
            verified.namespace(),
            verified.deviceId(),
            verified.fingerprint(),
            verified.sector(),
            verified.ctIndex(),
            verified.insertedAt(),
            verified.pubkeyCtIndex(),
            verified.pubkeyInsertedAt(),
            verified.treeSize(),
            verified.logKeyId(),
            head.cosignatures()));
  }

  /**
   * How often the tree head is asked for while a receipt waits for one: after 250 ms, then twice as
   * long each time, up to every {@value #RECEIPT_POLL_SECONDS} s (a busy log's next head has its
   * witnesses' cosignatures within about a second; an idle log's within 5 minutes).
   */
  static final int RECEIPT_POLL_SECONDS = 2;

  private static final long RECEIPT_FIRST_POLL_MILLIS = 250;

  /**
   * The first verified head (with the witness quorum, when witnesses are configured) that covers
   * leaf {@code index}.
   */
  private LogVerifier.Document awaitCoveringHead(long index) {
    long deadline = System.nanoTime() + receiptWait.toNanos();
    long pause = RECEIPT_FIRST_POLL_MILLIS;
    String problem = "the newest head does not cover it yet";
    while (true) {
      try {
        LogVerifier.Document head = log.verifyDocument();
        if (head.head().treeSize() > index) {
          return head;
        }
        problem = "the newest head has " + head.head().treeSize() + " leaves";
      } catch (LogVerificationException e) {
        if (e.reason() != LogVerificationException.Reason.WITNESS_QUORUM
            && e.reason() != LogVerificationException.Reason.STALE_HEAD) {
          throw e;
        }
        problem = e.getMessage();
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new LogVerificationException(
            LogVerificationException.Reason.WITNESS_QUORUM,
            "no tree head covering notary leaf "
                + index
                + " was verified within "
                + receiptWait.toSeconds()
                + " s ("
                + problem
                + ")");
      }
      try {
        Thread.sleep(Math.min(pause, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
        pause = Math.min(2 * pause, RECEIPT_POLL_SECONDS * 1000L);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TransferException(TransferException.Reason.INTERRUPTED);
      }
    }
  }

  /**
   * Verifies a notary receipt offline (docs/notary.md; no request): the tree head with the pinned
   * log key and the pinned witnesses' quorum (any age: a receipt is checked long after), the
   * signer's fingerprint recomputed from its keys and its binding from namespace and device id, the
   * signature over the document hash and signing time, both leaves rebuilt and their inclusion
   * under the head; then the file's SHA-256 (read in pieces) against the notarised one.
   *
   * @throws ReceiptException {@code DOCUMENT_CHANGED} if the receipt verifies but the file is not
   *     the notarised document; {@code RECEIPT_INVALID} if the receipt does not verify (the message
   *     names the check); {@code UNPARSEABLE} if it is not a receipt
   * @throws java.io.UncheckedIOException if the file or the receipt cannot be read
   */
  public static VerifiedReceipt verifyReceipt(Path file, Path receipt, ReceiptPins pins) {
    return ReceiptVerification.verify(
        Objects.requireNonNull(file, "file"),
        Objects.requireNonNull(receipt, "receipt"),
        Objects.requireNonNull(pins, "pins"));
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
    PushSocket.Opened opened = PushSocket.open(http, uri, listener, relay());
    return new PushStream(opened.webSocket(), opened.closed());
  }

  /** Wipes this device's private keys from memory. */
  @Override
  public void close() {
    keyring.close();
  }

  // ------------------------------------------------------------------------------------------------

  private String requireDeviceId() {
    if (deviceId == null) {
      throw new IllegalStateException("no device id configured");
    }
    return deviceId;
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

  /** Configures a {@link GhostPipe}. */
  public static final class Builder {

    private URI relay;
    private String apiKey;
    private DeviceAuth deviceAuth = DeviceAuth.API_KEY;
    private String deviceId;
    private String sector;
    private Path keyDirectory = DeviceKeys.defaultDirectory();
    private Path stateDirectory = DeviceKeys.defaultDirectory();
    private HttpClient httpClient;
    private RetryPolicy retry = RetryPolicy.DEFAULT;
    private Progress.Listener progress;
    private boolean acknowledge = true;
    private String expectedLogKeyId;
    private String namespace;
    private Consumer<String> namespacePinned = ns -> {};
    private final List<Map.Entry<URI, String>> witnesses = new ArrayList<>();
    private int quorum;
    private String logOrigin;
    private BiConsumer<URI, String> witnessPinned = (url, keyId) -> {};
    private Duration receiptWait = Duration.ofMinutes(6);

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
     * The account's API key ({@code pgp_...}): needed by every route but the drop pickup and a DID
     * resolution, and with {@link DeviceAuth#DID} not by the device's own requests. Keep it out of
     * command lines and logs; it is sent in the {@code X-Api-Key} header only.
     */
    public Builder apiKey(String apiKey) {
      this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
      return this;
    }

    /**
     * How the requests in which this device acts (uploads, downloads, availability checks, delivery
     * confirmations, the push ticket) are authenticated; default {@link DeviceAuth#API_KEY}. With
     * {@link DeviceAuth#DID} they are signed by the device's ML-DSA-65 key from the key directory
     * (its DID must be registered: {@link GhostPipe#registerDid()}) and carry no API key; the
     * relay's log key id they sign is the pinned one (or, on first contact, that of a head verified
     * then). Every other route still needs {@link #apiKey}.
     */
    public Builder deviceAuth(DeviceAuth auth) {
      this.deviceAuth = Objects.requireNonNull(auth, "auth");
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
     * This account's namespace ({@code team:<id>} or {@code account:<label>}) as the admin handed
     * it out with the API key: every device's key must be logged for this namespace. Without it,
     * the namespace the relay names at the first key lookup ({@code GET /v2/check-key}, else the
     * namespace of the first device served) is pinned in the state directory ({@code pins/}) and
     * reported to {@link #namespacePinned} for comparing out of band. A configured namespace that
     * is not the pinned one fails every lookup ({@link
     * LogVerificationException.Reason#NAMESPACE_CHANGED}).
     *
     * @throws IllegalArgumentException unless it is a namespace
     */
    public Builder namespace(String namespace) {
      if (!io.paramant.accounts.DeviceNamespace.isValid(namespace)) {
        throw new IllegalArgumentException(io.paramant.accounts.DeviceNamespace.INVALID_DETAIL);
      }
      this.namespace = namespace;
      return this;
    }

    /**
     * Told the namespace once, when it was learned from the relay and pinned (no namespace was
     * configured or pinned): show it to the user, who compares it with what the admin gave out.
     */
    public Builder namespacePinned(Consumer<String> listener) {
      this.namespacePinned = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * A witness of the relay's log; see {@link LogVerifier.Builder#witness}. Every head a key
     * lookup relies on then needs a {@link #quorum} of fresh cosignatures of distinct witnesses.
     *
     * @param keyId the witness's key id learned out of band, or null to pin it on first use
     */
    public Builder witness(URI url, String keyId) {
      LogVerifier.forRelay(url).witness(url, keyId); // checks both now
      witnesses.add(new AbstractMap.SimpleImmutableEntry<>(url, keyId));
      return this;
    }

    /** How many distinct witnesses must cosign; default 1 with witnesses. */
    public Builder quorum(int quorum) {
      if (quorum < 1) {
        throw new IllegalArgumentException("the witness quorum is at least 1");
      }
      this.quorum = quorum;
      return this;
    }

    /** The log's origin when it is not the relay URL; see {@link LogVerifier.Builder#origin}. */
    public Builder logOrigin(String origin) {
      this.logOrigin = Objects.requireNonNull(origin, "origin");
      return this;
    }

    /**
     * Told a witness's URL and key id once, when its key was pinned on first use; see {@link
     * LogVerifier.Builder#witnessPinned}.
     */
    public Builder witnessPinned(BiConsumer<URI, String> listener) {
      this.witnessPinned = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * How long {@link GhostPipe#notarise} waits for a tree head that covers the new leaf (with the
     * witness quorum, when witnesses are configured); default 6 minutes (a log submits a new head
     * to its witnesses at least every 5 minutes).
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder receiptWait(Duration wait) {
      if (wait.isNegative()) {
        throw new IllegalArgumentException("the receipt wait is not negative");
      }
      this.receiptWait = wait;
      return this;
    }

    /**
     * @throws IllegalStateException if no relay was given
     * @throws IllegalArgumentException if the quorum is larger than the number of witnesses
     */
    public GhostPipe build() {
      if (relay == null) {
        throw new IllegalStateException("a relay URL is required");
      }
      return new GhostPipe(this);
    }
  }
}
