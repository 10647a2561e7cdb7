package io.paramant.client.internal.ctlog;

import static io.paramant.client.LogVerificationException.Reason.MALFORMED_RESPONSE;

import io.paramant.client.LogVerificationException;
import io.paramant.client.PublicKeys;
import io.paramant.client.SenderSignatureException;
import io.paramant.client.VerifiedSender;
import io.paramant.client.internal.envelope.SenderDirectory;
import io.paramant.client.internal.pins.HomeLogPin;
import io.paramant.ct.sth.SignedTreeHead;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The signers a receiver accepts: a cached copy of its namespace's directory ({@code GET
 * /v2/pubkey}, PROTOCOL.md "Sender signature"), every device's keys checked exactly like a
 * recipient's ({@link LogAudit#checkRegistration}: fingerprint recomputed, bound leaf rebuilt from
 * binding(namespace, device id), inclusion under the directory's tree head, which is verified like
 * every head of the relay's log; and, when a sector is configured, the home log's sector). The
 * directory is fetched whole, never for one sender, so the relay does not learn who sent what:
 * again only when a signer is not (verifiably) in the copy, and at most once per receive ({@link
 * #forOneReceive}). A device id is bound to its keys for good (the relay answers 409 to another
 * registration, and the owner's monitor reports a second leaf), so a verified entry never goes
 * stale; only new devices make a copy out of date.
 *
 * <p>A device whose entry does not check out is kept as unverifiable: a chunk it signed is refused
 * ({@code UNKNOWN_SIGNER}, with the log's reason), other devices are unaffected. A directory whose
 * head does not verify fails as a whole ({@link LogVerificationException}: an alarm about the
 * relay).
 *
 * <p>The namespace. A signer must be from the receiver's own, pinned namespace. It comes from
 * {@code pinned} (the client's configuration); when that is empty, from the directory itself,
 * accepted only if the directory holds this device with its own keys, proven in the log (trust on
 * first use of the relay's word; configuring the namespace is the stronger setup). Thread-safe.
 */
public final class NamespaceDirectory implements SenderDirectory {

  /** A device of the directory: verified keys, or why not. */
  private record Entry(VerifiedSender sender, String failure) {}

  /** One fetched copy, with the key id of the log its head is from. */
  private record Snapshot(
      String namespace, String logKeyId, Map<String, Entry> devices, long fetchedAtMillis) {}

  private final Supplier<byte[]> served;
  private final Function<ServedHead, SignedTreeHead> verifyHead;
  private final String sector;
  private final Supplier<Optional<String>> pinned;
  private final Consumer<String> pinNamespace;
  private final HomeLogPin homeLogs;
  private final RelayAddress relay;
  private final String ownDeviceId;
  private final Supplier<PublicKeys> ownKeys;
  private final LongSupplier clock;
  private Snapshot snapshot;

  /**
   * @param served the relay's answer of {@code GET /v2/pubkey}
   * @param verifyHead verifies a served head against the pinned log key and the stored history
   * @param sector the home log's sector the devices must be logged in, or null for the relay's own
   * @param pinned the configured or pinned namespace, if any (see the class notes)
   * @param pinNamespace pins the namespace learned from the directory (NamespacePin.pin)
   * @param homeLogs the home log of each namespace, shared with the recipients' lookups
   * @param relay the relay's address, for the home log's pin and messages
   * @param ownDeviceId this device's id, or null if none is configured
   * @param ownKeys this device's public keys
   */
  public NamespaceDirectory(
      Supplier<byte[]> served,
      Function<ServedHead, SignedTreeHead> verifyHead,
      String sector,
      Supplier<Optional<String>> pinned,
      Consumer<String> pinNamespace,
      HomeLogPin homeLogs,
      RelayAddress relay,
      String ownDeviceId,
      Supplier<PublicKeys> ownKeys,
      LongSupplier clock) {
    this.served = served;
    this.verifyHead = verifyHead;
    this.sector = sector;
    this.pinned = pinned;
    this.pinNamespace = pinNamespace;
    this.homeLogs = homeLogs;
    this.relay = relay;
    this.ownDeviceId = ownDeviceId;
    this.ownKeys = ownKeys;
    this.clock = clock;
  }

  @Override
  public String namespace() {
    Optional<String> configured = pinned.get();
    if (configured.isPresent()) {
      return configured.get();
    }
    Snapshot copy = current(false);
    if (!provesOwnKeys(copy)) {
      copy = current(true); // registered since the copy was fetched?
    }
    if (!provesOwnKeys(copy)) {
      throw new LogVerificationException(
          LogVerificationException.Reason.KEY_MISMATCH,
          "the relay's namespace directory "
              + copy.namespace()
              + " does not prove this device ("
              + deviceId()
              + ") with its own keys, so it cannot name this device's namespace: register this"
              + " device (paramant keys register), or configure the namespace");
    }
    // learned from the relay, proven by this device's own registration: pinned like a namespace
    // learned on a key lookup, so a later directory naming another one is a hard error
    pinNamespace.accept(copy.namespace());
    return copy.namespace();
  }

  private boolean provesOwnKeys(Snapshot copy) {
    Entry own = copy.devices().get(deviceId());
    return own != null && own.sender() != null && own.sender().keys().equals(ownKeys.get());
  }

  @Override
  public String deviceId() {
    if (ownDeviceId == null) {
      throw new IllegalStateException(
          "no device id configured: a signed transfer names its device");
    }
    return ownDeviceId;
  }

  @Override
  public VerifiedSender resolve(String deviceId) {
    return checked(deviceId, lookup(deviceId, true).entry());
  }

  /**
   * A view of this directory for one receive: it fetches the directory again for an unknown or
   * unverifiable signer at most once, however many chunks name one (a relay that splices chunks of
   * made-up signers gets one directory request per receive out of it, not one per chunk).
   */
  @Override
  public SenderDirectory forOneReceive() {
    NamespaceDirectory whole = this;
    return new SenderDirectory() {
      private boolean refreshed;

      @Override
      public String namespace() {
        return whole.namespace();
      }

      @Override
      public String deviceId() {
        return whole.deviceId();
      }

      @Override
      public synchronized VerifiedSender resolve(String deviceId) {
        Lookup found = whole.lookup(deviceId, !refreshed);
        refreshed |= found.refreshed();
        return whole.checked(deviceId, found.entry());
      }

      @Override
      public Collection<String> deviceIds() {
        return whole.deviceIds();
      }
    };
  }

  /**
   * A device's entry (null if not in the directory) and whether the directory was fetched for it.
   */
  private record Lookup(Entry entry, boolean refreshed) {}

  private synchronized Lookup lookup(String deviceId, boolean mayRefresh) {
    Entry entry = current(false).devices().get(deviceId);
    if ((entry == null || entry.sender() == null) && mayRefresh) {
      return new Lookup(current(true).devices().get(deviceId), true);
    }
    return new Lookup(entry, false);
  }

  private VerifiedSender checked(String deviceId, Entry entry) {
    String namespace = namespace();
    if (entry == null) {
      throw new SenderSignatureException(
          SenderSignatureException.Reason.UNKNOWN_SIGNER,
          namespace + "/" + deviceId + " is not in the namespace's directory");
    }
    if (entry.sender() == null) {
      throw new SenderSignatureException(
          SenderSignatureException.Reason.UNKNOWN_SIGNER,
          namespace + "/" + deviceId + ": " + entry.failure());
    }
    if (!entry.sender().namespace().equals(namespace)) {
      throw new SenderSignatureException(
          SenderSignatureException.Reason.WRONG_NAMESPACE,
          "the directory serves " + entry.sender().name() + ", this device is in " + namespace);
    }
    requireHomeLog(namespace, entry.sender());
    return entry.sender();
  }

  /**
   * A signer's keys count only from the namespace's home log (PROTOCOL.md: the signer is verified
   * exactly as a recipient is), the log this client pinned for the namespace at its first verified
   * lookup. With none pinned yet, the directory's log becomes the home log only if it proves this
   * device with its own keys (its own registration is in that log); otherwise nothing says the
   * directory comes from the namespace's log, and the signer is unknown.
   */
  private void requireHomeLog(String namespace, VerifiedSender signer) {
    Snapshot copy = current(false);
    try {
      if (homeLogs.pinned(namespace).isEmpty()) {
        Entry own = ownDeviceId == null ? null : copy.devices().get(ownDeviceId);
        if (!provesOwnKeys(copy)) {
          throw new SenderSignatureException(
              SenderSignatureException.Reason.UNKNOWN_SIGNER,
              signer.name()
                  + ": no home log of "
                  + namespace
                  + " is pinned yet and the directory's log (key id "
                  + copy.logKeyId()
                  + ") does not prove this device with its own keys, so it may be another log:"
                  + " register this device, or look up a device of the namespace first");
        }
        homeLogs.pin(namespace, relay, copy.logKeyId(), own.sender().sector());
      }
      homeLogs.require(namespace, relay, copy.logKeyId(), signer.sector());
    } catch (LogVerificationException e) {
      throw new SenderSignatureException(
          SenderSignatureException.Reason.UNKNOWN_SIGNER,
          signer.name() + ": its keys are not from the namespace's home log: " + e.getMessage());
    }
  }

  @Override
  public Collection<String> deviceIds() {
    return List.copyOf(current(false).devices().keySet());
  }

  /** Drops the cached copy (this device registered, or the caller knows the directory changed). */
  public synchronized void forget() {
    snapshot = null;
  }

  /** The cached copy, fetched if there is none yet or {@code refresh}. */
  private synchronized Snapshot current(boolean refresh) {
    if (refresh || snapshot == null) {
      snapshot = fetch(clock.getAsLong());
    }
    return snapshot;
  }

  private Snapshot fetch(long now) {
    Directory directory = Directory.read(served.get());
    SignedTreeHead head = verifyHead.apply(directory.sth());
    Map<String, Entry> devices = new LinkedHashMap<>();
    for (ServedDevice device : directory.devices()) {
      devices.put(device.deviceId(), check(head, directory.namespace(), device));
    }
    return new Snapshot(directory.namespace(), head.keyId(), Map.copyOf(devices), now);
  }

  private Entry check(SignedTreeHead head, String namespace, ServedDevice device) {
    try {
      if (!namespace.equals(device.namespace())) {
        return new Entry(null, "served in namespace " + device.namespace() + ", not " + namespace);
      }
      LogAudit.checkRegistration(head, device, namespace);
      if (sector != null && !sector.equals(device.sector())) {
        return new Entry(null, "logged in sector " + device.sector() + ", not " + sector);
      }
      if (device.mlDsa() == null || device.ecdh() == null) {
        // every device the SDK registers has all three keys; one without cannot sign here
        return new Entry(null, "registered no ML-DSA-65 or P-256 key");
      }
      PublicKeys keys = PublicKeys.of(device.mlKem(), device.ecdh(), device.mlDsa());
      return new Entry(
          new VerifiedSender(namespace, device.deviceId(), keys, device.sector(), device.ctIndex()),
          null);
    } catch (LogVerificationException e) {
      return new Entry(null, "its keys are not proven in the log: " + e.getMessage());
    }
  }

  /**
   * The answer of {@code GET /v2/pubkey}, read strictly: {@code {"ok","namespace","tree_size",
   * "sth","devices":[...]}}, every device of the shape of {@code GET /v2/pubkey/{id}} without its
   * own {@code tree_size} and {@code sth}, all proofs against the one {@code sth}.
   */
  record Directory(String namespace, ServedHead sth, List<ServedDevice> devices) {

    static Directory read(byte[] answer) {
      try {
        JsonObject json = StrictJson.parse(answer);
        String namespace = StrictJson.string(json, "namespace");
        long treeSize = StrictJson.wholeNumber(json, "tree_size");
        JsonObject sth = StrictJson.object(json, "sth");
        ServedHead head = TreeHeadJson.read(sth);
        List<ServedDevice> devices =
            StrictJson.array(json, "devices").stream()
                .map(value -> device(value, treeSize, sth))
                .toList();
        return new Directory(namespace, head, devices);
      } catch (StrictJson.ShapeException e) {
        throw new LogVerificationException(MALFORMED_RESPONSE, "GET /v2/pubkey: " + e.getMessage());
      }
    }

    /** One device entry as {@link ServedDevice#read} reads a lookup's answer. */
    private static ServedDevice device(JsonValue value, long treeSize, JsonObject sth) {
      if (value.getValueType() != JsonValue.ValueType.OBJECT) {
        throw new StrictJson.ShapeException("a device of the directory is not an object");
      }
      JsonObject entry = value.asJsonObject();
      if (entry.containsKey("tree_size") || entry.containsKey("sth")) {
        throw new StrictJson.ShapeException("a device of the directory has its own tree head");
      }
      String deviceId = StrictJson.string(entry, "device_id");
      byte[] whole =
          Json.createObjectBuilder(entry)
              .add("tree_size", treeSize)
              .add("sth", sth)
              .build()
              .toString()
              .getBytes(StandardCharsets.UTF_8);
      return ServedDevice.read(deviceId, whole);
    }
  }
}
