package io.paramant.client;

import io.paramant.client.internal.ctlog.HashText;
import io.paramant.client.internal.ctlog.HeadStore;
import io.paramant.client.internal.ctlog.LogAudit;
import io.paramant.client.internal.ctlog.PinnedHead;
import io.paramant.client.internal.ctlog.RelayAddress;
import io.paramant.client.internal.ctlog.RemoteLog;
import io.paramant.client.internal.ctlog.ServedHead;
import io.paramant.client.internal.ctlog.ServedLeaf;
import io.paramant.client.internal.relay.RelayHttp;
import io.paramant.client.internal.relay.RetryPolicy;
import io.paramant.client.internal.witness.WitnessKeys;
import io.paramant.client.internal.witness.WitnessPolicy;
import io.paramant.ct.merkle.InclusionProof;
import io.paramant.ct.sth.SignedTreeHead;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Verifies a relay's transparency log the way PROTOCOL.md ("CT log") asks of every client, and
 * remembers what it verified, so that a relay that forges, rewinds or forks its log is caught.
 *
 * <pre>{@code
 * LogVerifier log = LogVerifier.forRelay(URI.create("http://127.0.0.1:3000/")).build();
 * VerifiedHead head = log.verify();                 // throws unless the head checks out
 * VerifiedInclusion sent = log.verifyInclusion(blobHash);
 * }</pre>
 *
 * <p>{@link #verify()} fetches the relay's signed tree head and checks its ML-DSA-65 signature. The
 * relay's key is pinned on first use, in a state file per relay below the state directory ({@code
 * ~/.paramant/log-heads/} by default), and a relay that later signs with another key is refused
 * unless the caller expects that key ({@link Builder#expectedKeyId}). The newest verified head is
 * stored with the key, and every later head must extend it: proven by the relay's consistency
 * proof, checked here. {@link #verifyInclusion(String)} then proves that a blob's transfer is a
 * leaf of the head just verified.
 *
 * <p>With witnesses ({@link Builder#witness}), every head the client relies on, here and in a
 * {@link GhostPipe}'s key lookups, must also carry a quorum ({@link Builder#quorum}, default 1) of
 * fresh cosignatures (at most 10 minutes old) by distinct witnesses whose keys the client pinned
 * from the witnesses themselves ({@code GET <witness>/v2/witness}, trusted on first use or checked
 * against a given key id), over exactly that head and the log's origin: a relay that shows this
 * client another log than it shows the witnesses is caught. Without witnesses a client checks only
 * its own view (no split-view defence).
 *
 * <p>Failures are typed: {@link LogVerificationException} (the relay showed a log that an honest
 * relay never shows, or an answer of the wrong shape), {@link RelayRequestException} (no usable
 * answer), {@link LogStateException} (the stored state cannot be used). Thread-safe.
 */
public final class LogVerifier {

  static final int DEFAULT_COSIGNATURE_WAIT_SECONDS = 5;
  private static final long COSIGNATURE_POLL_MILLIS = 250;

  private final RelayAddress relay;
  private final HeadStore store;
  private final RemoteLog remote;
  private final String expectedKeyId;
  private final WitnessPolicy witnesses;
  private final Duration cosignatureWait;
  private volatile SignedTreeHead verified;

  private LogVerifier(Builder builder) {
    this.relay = builder.relay;
    this.store = new HeadStore(builder.stateDirectory);
    RelayHttp http =
        builder.relayHttp != null
            ? builder.relayHttp
            : new RelayHttp(
                relay,
                builder.httpClient != null ? builder.httpClient : RelayHttp.defaultHttpClient(),
                RetryPolicy.DEFAULT,
                RelayHttp.Sleeper.system());
    this.remote = new RemoteLog(http);
    this.expectedKeyId = builder.expectedKeyId;
    this.witnesses =
        builder.witnesses.isEmpty()
            ? WitnessPolicy.none()
            : new WitnessPolicy(
                builder.witnesses,
                builder.quorum,
                new WitnessKeys(builder.stateDirectory, http, builder.witnessPinned),
                builder.origin != null ? builder.origin : defaultOrigin(relay),
                InstantSource.system());
    this.cosignatureWait = builder.cosignatureWait;
  }

  /**
   * The origin a log at {@code relay} serves and witnesses cosign when nothing else is configured:
   * the relay's base URL without the trailing slash (PROTOCOL.md: the log's public base URL).
   */
  static String defaultOrigin(RelayAddress relay) {
    String url = relay.toString();
    return url.substring(0, url.length() - 1);
  }

  /** Whether heads must carry a quorum of witness cosignatures. */
  public boolean hasWitnesses() {
    return witnesses.hasWitnesses();
  }

  /**
   * Starts a verifier of the relay at {@code relay}, its base URL ({@code http://127.0.0.1:3000/};
   * the log's routes are below it).
   *
   * @throws IllegalArgumentException unless {@code relay} is an http or https URL with a host and
   *     without user info, query or fragment
   */
  public static Builder forRelay(URI relay) {
    return new Builder(RelayAddress.of(Objects.requireNonNull(relay, "relay")));
  }

  /** The relay's base URL, normalized (lowercase scheme and host, path ending in {@code /}). */
  public URI relay() {
    return relay.uri();
  }

  /**
   * Fetches the relay's latest signed tree head, verifies it against the pinned key and the stored
   * head, and stores it as the relay's newest verified head.
   *
   * @return the head, and how its key and history were checked
   * @throws LogVerificationException {@code BAD_SIGNATURE}, {@code KEY_CHANGED}, {@code REWOUND},
   *     {@code FORKED}, {@code MALFORMED_RESPONSE}, or with witnesses {@code WITNESS_QUORUM},
   *     {@code STALE_HEAD} or {@code WITNESS_KEY_CHANGED}; nothing is stored then
   * @throws RelayRequestException if the relay gives no usable answer
   * @throws LogStateException if the stored state cannot be read or the new head cannot be stored
   */
  public VerifiedHead verify() {
    long deadline = System.nanoTime() + cosignatureWait.toNanos();
    while (true) {
      try {
        return verifyOnce();
      } catch (LogVerificationException e) {
        awaitCosignatures(e, deadline);
      }
    }
  }

  /**
   * Returns after a pause if {@code refused} is a head without its witness quorum and {@code
   * deadline} has not passed; throws {@code refused} otherwise.
   *
   * <p>Decision (issue 13): a log serves its newest head at once, with the cosignatures its
   * witnesses have returned so far, and submits it within about a second (docs/PERFORMANCE.md,
   * "Witness cosigning"): the newest head of a growing log is often not cosigned yet. A client that
   * required the quorum of that very answer would raise false alarms (exit 1) against an honest
   * relay, e.g. a send right after the recipient registered. So a head without the quorum is asked
   * for again, for at most {@link Builder#cosignatureWait} (default {@value
   * #DEFAULT_COSIGNATURE_WAIT_SECONDS} s); a relay that strips or forges cosignatures is still
   * refused, only after that wait. A stale head ({@code STALE_HEAD}) is refused at once.
   */
  private static void awaitCosignatures(LogVerificationException refused, long deadline) {
    if (refused.reason() != LogVerificationException.Reason.WITNESS_QUORUM
        || System.nanoTime() - deadline >= 0) {
      throw refused;
    }
    try {
      Thread.sleep(COSIGNATURE_POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw refused;
    }
  }

  private VerifiedHead verifyOnce() {
    Optional<PinnedHead> stored = store.load(relay);
    ServedHead served = remote.treeHead();
    LogAudit.Accepted accepted =
        LogAudit.acceptHead(relay, stored, served, expectedKeyId, remote::consistencyProof);
    List<WitnessCosignature> cosignatures = witnesses.check(served);
    store.save(accepted.pinned());
    SignedTreeHead head = accepted.pinned().head();
    verified = head;
    return new VerifiedHead(
        relay.uri(), head, accepted.pinning(), accepted.previousTreeSize(), cosignatures);
  }

  /**
   * A head verified like {@link #verify()} (once, without waiting for cosignatures), with the JSON
   * it was served as and the pinned key it verified with: what a notary receipt carries.
   */
  record Document(
      SignedTreeHead head,
      byte[] publicKey,
      jakarta.json.JsonObject json,
      List<WitnessCosignature> cosignatures) {}

  /**
   * {@link #verify()} once, keeping the served JSON.
   *
   * @throws LogVerificationException as {@link #verify()}, at once ({@code WITNESS_QUORUM} too)
   */
  Document verifyDocument() {
    Optional<PinnedHead> stored = store.load(relay);
    RemoteLog.HeadDocument document = remote.treeHeadDocument();
    LogAudit.Accepted accepted =
        LogAudit.acceptHead(
            relay, stored, document.served(), expectedKeyId, remote::consistencyProof);
    List<WitnessCosignature> cosignatures = witnesses.check(document.served());
    store.save(accepted.pinned());
    SignedTreeHead head = accepted.pinned().head();
    verified = head;
    return new Document(head, accepted.pinned().publicKey(), document.json(), cosignatures);
  }

  /**
   * Verifies a tree head that the relay served inside another answer (the head a key lookup's
   * inclusion proof leads to) like {@link #verify()}: against the pinned key and the stored head.
   * Such a head may be older than the stored one, if it is proven to be a prefix of it; a newer one
   * is stored.
   *
   * @return the served head, now verified
   * @throws LogVerificationException {@code BAD_SIGNATURE}, {@code KEY_CHANGED}, {@code FORKED}, or
   *     with witnesses {@code WITNESS_QUORUM}, {@code STALE_HEAD} or {@code WITNESS_KEY_CHANGED}
   * @throws RelayRequestException if a consistency proof was needed and the relay gave none
   * @throws LogStateException if the stored state cannot be read or a new head cannot be stored
   */
  SignedTreeHead verifyServed(ServedHead served) {
    Optional<PinnedHead> stored = store.load(relay);
    LogAudit.Accepted accepted =
        LogAudit.acceptServedHead(relay, stored, served, expectedKeyId, remote::consistencyProof);
    try {
      witnesses.check(served);
    } catch (LogVerificationException e) {
      // not cosigned yet (see awaitCosignatures): accepted once a head with the quorum, of at
      // least its size, is verified and stored, and the relay proves this head a prefix of it
      awaitCosignedHeadOf(served.head().treeSize(), e);
      stored = store.load(relay);
      accepted =
          LogAudit.acceptServedHead(relay, stored, served, expectedKeyId, remote::consistencyProof);
    }
    if (!stored.equals(Optional.of(accepted.pinned()))) {
      store.save(accepted.pinned());
      verified = accepted.pinned().head();
    }
    return served.head();
  }

  /**
   * Waits until {@link #verify()} verifies a head of at least {@code size} leaves with its witness
   * quorum (and stores it), for at most the cosignature wait; throws {@code refused} otherwise.
   */
  private void awaitCosignedHeadOf(long size, LogVerificationException refused) {
    long deadline = System.nanoTime() + cosignatureWait.toNanos();
    while (true) {
      awaitCosignatures(refused, deadline);
      try {
        if (verifyOnce().treeSize() >= size) {
          return;
        }
      } catch (LogVerificationException e) {
        if (e.reason() != LogVerificationException.Reason.WITNESS_QUORUM) {
          throw e;
        }
      }
    }
  }

  /**
   * The id of the relay's log key, as DID-authenticated requests sign it: that of the head verified
   * last, else the pinned key's (no request), else the key of a head verified now. A pinned key
   * other than the expected one ({@link Builder#expectedKeyId}) is not used: the head is verified,
   * which repins the expected key.
   */
  String logKeyId() {
    SignedTreeHead head = verified;
    if (head != null) {
      return head.keyId();
    }
    Optional<PinnedHead> stored = store.load(relay);
    if (stored.isPresent()
        && (expectedKeyId == null || expectedKeyId.equals(stored.get().keyId()))) {
      return stored.get().keyId();
    }
    return verify().keyId();
  }

  /**
   * Proves that the transfer of the blob with SHA-256 {@code blobHash} is a leaf of the head that
   * {@link #verify()} verified last: the relay's inclusion proof is checked against that head's
   * root, from a leaf hash computed here from the leaf's fields.
   *
   * @param blobHash the blob's SHA-256, 64 hex digits
   * @throws IllegalArgumentException if {@code blobHash} is not 64 hex digits
   * @throws IllegalStateException if {@link #verify()} has not succeeded on this verifier yet
   * @throws LogVerificationException {@code NOT_INCLUDED} (no such leaf in the verified tree, or a
   *     proof that does not verify) or {@code MALFORMED_RESPONSE}
   * @throws RelayRequestException if the relay gives no usable answer
   */
  public VerifiedInclusion verifyInclusion(String blobHash) {
    String hash = HashText.parse("a blob hash", blobHash);
    SignedTreeHead head = verified;
    if (head == null) {
      throw new IllegalStateException("verify() the relay's tree head first");
    }
    InclusionProof proof =
        remote
            .inclusionProof(hash, head.treeSize())
            .orElseThrow(
                () ->
                    new LogVerificationException(
                        LogVerificationException.Reason.NOT_INCLUDED,
                        "the relay has no transfer leaf for blob " + hash));
    ServedLeaf leaf = remote.leaf(proof.leafIndex());
    LogAudit.checkInclusion(head, hash, proof.leafIndex(), proof.path(), leaf);
    return new VerifiedInclusion(
        hash,
        proof.leafIndex(),
        head.treeSize(),
        leaf.entry().sector(),
        Instant.ofEpochMilli(leaf.entry().insertedAtMillis()));
  }

  /** Configures a {@link LogVerifier}. */
  public static final class Builder {

    private final RelayAddress relay;
    private Path stateDirectory = DeviceKeys.defaultDirectory();
    private HttpClient httpClient;
    private RelayHttp relayHttp;
    private String expectedKeyId;
    private final List<WitnessKeys.Configured> witnesses = new ArrayList<>();
    private int quorum;
    private String origin;
    private BiConsumer<URI, String> witnessPinned = (url, keyId) -> {};
    private Duration cosignatureWait = Duration.ofSeconds(DEFAULT_COSIGNATURE_WAIT_SECONDS);

    private Builder(RelayAddress relay) {
      this.relay = relay;
    }

    /**
     * The client's state directory, default {@code ~/.paramant} ({@link
     * DeviceKeys#defaultDirectory()}); the relay's state goes to {@code log-heads/} below it.
     */
    public Builder stateDirectory(Path directory) {
      this.stateDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * The HTTP client for the relay's routes, for a proxy or TLS settings of the caller's; by
     * default one over HTTP/1.1 that follows no redirects. Requests are retried like the SDK's
     * other calls (network errors and 429/502/503/504: 6 attempts, 250 ms to 8 s, {@code
     * Retry-After} honoured).
     */
    public Builder httpClient(HttpClient client) {
      this.httpClient = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * The HTTP layer (client and retry policy) of a {@link GhostPipe}, shared with its API calls.
     */
    Builder relayHttp(RelayHttp http) {
      this.relayHttp = Objects.requireNonNull(http, "http");
      return this;
    }

    /**
     * The key id (lowercase hex SHA3-256 of the ML-DSA-65 public key) the relay must sign with,
     * learned out of band. The relay's key is then checked against it also on first contact, and it
     * replaces a different pinned key (the relay announced a new key): the history stored under the
     * old key is dropped.
     *
     * @throws IllegalArgumentException unless {@code keyId} is 64 hex digits
     */
    public Builder expectedKeyId(String keyId) {
      this.expectedKeyId = HashText.parse("a key id", keyId);
      return this;
    }

    /**
     * A witness whose cosignatures count towards the quorum: its base URL, and its key id
     * (lowercase hex SHA3-256 of its ML-DSA-65 key) when learned out of band, else null to pin the
     * key the witness serves on first use. The key is asked of the witness itself ({@code GET
     * <witness>/v2/witness}) and pinned in the state directory ({@code pins/}).
     *
     * @throws IllegalArgumentException unless {@code url} is an http or https URL with a host, and
     *     {@code keyId} null or 64 hex digits
     */
    public Builder witness(URI url, String keyId) {
      witnesses.add(
          new WitnessKeys.Configured(
              RelayAddress.of(Objects.requireNonNull(url, "url")),
              keyId == null ? null : HashText.parse("a witness key id", keyId)));
      return this;
    }

    /**
     * How many distinct witnesses must have cosigned every head relied on; default 1 when witnesses
     * are configured.
     *
     * @throws IllegalArgumentException if not positive (the upper bound, the number of witnesses,
     *     is checked by {@link #build()})
     */
    public Builder quorum(int quorum) {
      if (quorum < 1) {
        throw new IllegalArgumentException("the witness quorum is at least 1");
      }
      this.quorum = quorum;
      return this;
    }

    /**
     * The log's origin, the string its witnesses cosign (PROTOCOL.md: its public base URL without a
     * trailing slash), when this client reaches the relay under another URL than that (a proxy, an
     * internal name). Default: the relay URL without the trailing slash. A head serving another
     * origin gets no cosignature counted.
     */
    public Builder origin(String origin) {
      this.origin = Objects.requireNonNull(origin, "origin");
      return this;
    }

    /**
     * Told a witness's base URL and key id once, when its key was fetched from the witness and
     * pinned without a key id given for it (trust on first use): show them to the user, who
     * compares the key id with the one the witness's operator publishes.
     */
    public Builder witnessPinned(BiConsumer<URI, String> listener) {
      this.witnessPinned = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * How long a head without its witness quorum is asked for again before it is refused (default
     * {@value #DEFAULT_COSIGNATURE_WAIT_SECONDS} s; zero: at once): a log's newest head gets its
     * witnesses' cosignatures about a second after it is first served.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder cosignatureWait(Duration wait) {
      if (wait.isNegative()) {
        throw new IllegalArgumentException("the cosignature wait is not negative");
      }
      this.cosignatureWait = wait;
      return this;
    }

    /**
     * @throws IllegalArgumentException if the quorum is larger than the number of witnesses
     */
    public LogVerifier build() {
      if (quorum == 0) {
        quorum = 1;
      }
      return new LogVerifier(this);
    }
  }
}
