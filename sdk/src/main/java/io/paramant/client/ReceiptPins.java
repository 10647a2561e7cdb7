package io.paramant.client;

import io.paramant.client.internal.ctlog.HashText;
import io.paramant.client.internal.ctlog.HeadStore;
import io.paramant.client.internal.ctlog.PinnedHead;
import io.paramant.client.internal.ctlog.RelayAddress;
import io.paramant.client.internal.witness.PinnedWitness;
import io.paramant.client.internal.witness.WitnessKeys;
import io.paramant.ct.sth.SignedTreeHead;
import io.paramant.ct.witness.Cosignature;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an offline check of a notary receipt trusts ({@link GhostPipe#verifyReceipt}): the relay's
 * log key and the witnesses' keys, as this client pinned them (the state directory's {@code
 * log-heads/} and {@code pins/}, as {@link LogVerifier} pinned them), or given out of band; the
 * log's origin the witnesses cosign; and the quorum. Reading the pins makes no request.
 */
public final class ReceiptPins {

  private final byte[] logKey;
  private final String expectedKeyId;
  private final String origin;
  private final List<PinnedWitness> witnesses;
  private final int quorum;
  private final List<String> unpinned;

  private ReceiptPins(
      byte[] logKey,
      String expectedKeyId,
      String origin,
      List<PinnedWitness> witnesses,
      int quorum,
      List<String> unpinned) {
    this.logKey = logKey == null ? null : logKey.clone();
    this.expectedKeyId = expectedKeyId;
    this.origin = origin;
    this.witnesses = List.copyOf(witnesses);
    this.quorum = quorum;
    this.unpinned = List.copyOf(unpinned);
  }

  /**
   * Pins given directly: the log's ML-DSA-65 public key, its origin, the witnesses' ML-DSA-65
   * public keys and how many of them must have cosigned (0: none).
   *
   * @throws IllegalArgumentException if the quorum is negative or above the number of witnesses
   */
  public static ReceiptPins of(
      byte[] logPublicKey, String origin, List<byte[]> witnessPublicKeys, int quorum) {
    List<PinnedWitness> pinned = new ArrayList<>();
    for (byte[] key : witnessPublicKeys) {
      pinned.add(
          new PinnedWitness(
              RelayAddress.of(URI.create("http://witness.invalid/")),
              SignedTreeHead.keyId(key),
              key));
    }
    requireQuorum(quorum, pinned.size());
    return new ReceiptPins(
        Objects.requireNonNull(logPublicKey, "logPublicKey"),
        null,
        Cosignature.origin(origin),
        pinned,
        quorum,
        List.of());
  }

  /**
   * Starts reading the pins of the relay at {@code relay} (its base URL) from a state directory.
   */
  public static Builder forRelay(URI relay) {
    return new Builder(RelayAddress.of(Objects.requireNonNull(relay, "relay")));
  }

  /** The pinned log key, or empty when only a key id is expected. */
  Optional<byte[]> logKey() {
    return Optional.ofNullable(logKey).map(byte[]::clone);
  }

  /** The log key id given out of band, or null. */
  String expectedKeyId() {
    return expectedKeyId;
  }

  String origin() {
    return origin;
  }

  List<PinnedWitness> witnesses() {
    return witnesses;
  }

  int quorum() {
    return quorum;
  }

  /** The configured witnesses without a pinned key (they cannot count), as text. */
  List<String> unpinned() {
    return unpinned;
  }

  private static void requireQuorum(int quorum, int witnesses) {
    if (quorum < 0 || quorum > witnesses) {
      throw new IllegalArgumentException(
          "the witness quorum is from 0 to the number of witnesses (" + witnesses + ")");
    }
  }

  /** Reads pins from a state directory. */
  public static final class Builder {

    private final RelayAddress relay;
    private Path stateDirectory = DeviceKeys.defaultDirectory();
    private String expectedKeyId;
    private final List<WitnessKeys.Configured> witnesses = new ArrayList<>();
    private Integer quorum;
    private String origin;

    private Builder(RelayAddress relay) {
      this.relay = relay;
    }

    /** Where the pins are ({@code log-heads/}, {@code pins/}); default {@code ~/.paramant}. */
    public Builder stateDirectory(Path directory) {
      this.stateDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * The log key id learned out of band: the receipt's tree head must be signed by the key of this
     * id (the key the receipt carries, checked against the id), whatever is pinned.
     */
    public Builder expectedKeyId(String keyId) {
      this.expectedKeyId = HashText.parse("a key id", keyId);
      return this;
    }

    /** A witness whose pinned key counts towards the quorum; see {@link LogVerifier.Builder}. */
    public Builder witness(URI url, String keyId) {
      witnesses.add(
          new WitnessKeys.Configured(
              RelayAddress.of(Objects.requireNonNull(url, "url")),
              keyId == null ? null : HashText.parse("a witness key id", keyId)));
      return this;
    }

    /** How many distinct pinned witnesses must have cosigned; default 1 with witnesses, else 0. */
    public Builder quorum(int quorum) {
      this.quorum = quorum;
      return this;
    }

    /** The log's origin, when it is not the relay URL without its trailing slash. */
    public Builder origin(String origin) {
      this.origin = Cosignature.origin(Objects.requireNonNull(origin, "origin"));
      return this;
    }

    /**
     * Reads the pins (no request).
     *
     * @throws LogStateException if no log key is pinned for the relay and none is expected, or a
     *     pin file cannot be read
     * @throws LogVerificationException {@code WITNESS_KEY_CHANGED} if a pinned witness key is not
     *     the key id given for it
     * @throws IllegalArgumentException if the quorum cannot be met
     */
    public ReceiptPins build() {
      int required = quorum != null ? quorum : witnesses.isEmpty() ? 0 : 1;
      requireQuorum(required, witnesses.size());
      Optional<PinnedHead> pinned = new HeadStore(stateDirectory).load(relay);
      if (pinned.isEmpty() && expectedKeyId == null) {
        throw new LogStateException(
            "no log key is pinned for "
                + relay
                + " in "
                + stateDirectory
                + ": verify the relay's log once (paramant verify --relay "
                + relay
                + "), or give the log key id learned out of band");
      }
      WitnessKeys keys = new WitnessKeys(stateDirectory, null, (url, keyId) -> {});
      List<PinnedWitness> found = new ArrayList<>();
      List<String> missing = new ArrayList<>();
      for (WitnessKeys.Configured witness : witnesses) {
        Optional<PinnedWitness> key = keys.pinnedOffline(witness);
        if (key.isPresent()) {
          found.add(key.get());
        } else {
          missing.add(witness.url() + ": no key pinned");
        }
      }
      String url = relay.toString();
      return new ReceiptPins(
          expectedKeyId == null ? pinned.get().publicKey() : null,
          expectedKeyId,
          origin != null ? origin : url.substring(0, url.length() - 1),
          found,
          required,
          missing);
    }
  }
}
