package io.paramant.relay.keys;

import io.paramant.accounts.DeviceNamespace;
import io.paramant.ct.ejb.ApplicationLogRangeException;
import io.paramant.ct.ejb.TransparencyLog;
import io.paramant.ct.entry.DeviceBinding;
import io.paramant.ct.entry.EntryType;
import io.paramant.ct.entry.LeafDetail;
import io.paramant.ct.entry.LogEntry;
import io.paramant.ct.journal.Journal;
import io.paramant.ct.merkle.InclusionProof;
import io.paramant.ct.sth.SignedTreeHead;
import io.paramant.relay.DeviceIdParameter;
import io.paramant.relay.InvalidInputException;
import io.paramant.relay.accounts.Account;
import io.paramant.relay.audit.Audited;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The sector's directory of device public keys. See the package documentation for namespaces,
 * durability and concurrency.
 *
 * <p>An EJB singleton for the same reasons as the transparency log: {@code @Startup} replays the
 * journal and checks it against the log while the application deploys, so a damaged file fails the
 * deployment rather than a request; bean-managed concurrency because lookups must not queue behind
 * the container's write lock (registrations take a lock of their own, see {@link #register}).
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class KeyDirectory {

  /** The directory's journal in {@code <paramant.data>/<sector>/}. */
  static final String FILE_NAME = "pubkeys.journal";

  /**
   * The most devices one namespace holds. A namespace's whole directory is one answer ({@link
   * #directory}, about 8 KB a device), so a namespace is bounded even where the plan is not
   * (enterprise): a registration beyond this is refused with {@code device_limit_reached}. A
   * directory answer is therefore always complete, never truncated.
   */
  public static final int MAX_NAMESPACE_DEVICES = 10_000;

  private static final System.Logger LOG = System.getLogger(KeyDirectory.class.getName());

  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  @Inject
  @ConfigProperty(name = "paramant.data", defaultValue = "./data")
  String dataDirectory;

  @Inject
  @ConfigProperty(name = "paramant.sector", defaultValue = "main")
  String sector;

  @Inject TransparencyLog log;

  /** The registering account's audit chain records each new registration. */
  @Inject Event<Audited> audited;

  /** Where a device id lives: its namespace and the id. */
  private record Slot(String namespace, String deviceId) {}

  private final Map<Slot, RegisteredDevice> devices = new ConcurrentHashMap<>();

  /** The same devices by namespace, sorted by device id, for {@link #directory}. */
  private final Map<String, NavigableMap<String, RegisteredDevice>> byNamespace =
      new ConcurrentHashMap<>();

  /**
   * Each device's {@code pubkey} entry as read back from the log (its {@code inserted_at} is the
   * log's): checked against the device at start or at registration, and put here before the device
   * becomes visible, so a listed device always has its entry.
   */
  private final Map<Slot, LogEntry> leaves = new ConcurrentHashMap<>();

  private final Map<String, Integer> devicesPerAccount = new ConcurrentHashMap<>();
  private final ReentrantLock registering = new ReentrantLock();
  private int maxNamespaceDevices = MAX_NAMESPACE_DEVICES;
  private KeyLedger ledger;
  private Journal journal;

  /** For the container. */
  public KeyDirectory() {}

  /** For tests without a container. */
  KeyDirectory(Path dataDirectory, String sector, KeyLedger ledger) {
    open(dataDirectory, sector, ledger);
  }

  /** For tests of the namespace bound without registering thousands of devices. */
  KeyDirectory(Path dataDirectory, String sector, KeyLedger ledger, int maxNamespaceDevices) {
    this(dataDirectory, sector, ledger);
    this.maxNamespaceDevices = maxNamespaceDevices;
  }

  @PostConstruct
  void start() {
    open(
        Path.of(dataDirectory),
        sector,
        new KeyLedger() {
          @Override
          public long appendPubkey(byte[] fingerprint, byte[] binding) {
            return log.appendPubkey(fingerprint, binding);
          }

          @Override
          public LogEntry entry(long index) {
            try {
              return log.entry(index);
            } catch (ApplicationLogRangeException beyondTheLog) {
              return null;
            }
          }

          @Override
          public SignedTreeHead sth() {
            return log.sth();
          }

          @Override
          public InclusionProof inclusionProof(long index, long treeSize) {
            return log.inclusionProof(index, treeSize);
          }

          @Override
          public byte[] publicKey() {
            return log.publicKey();
          }
        });
  }

  private void open(Path dataDirectory, String sector, KeyLedger ledger) {
    this.ledger = ledger;
    Path file = dataDirectory.resolve(sector).resolve(FILE_NAME);
    journal = Journal.openOwnerOnly(file, record -> admit(DeviceRecord.decode(record)));
    try {
      devices.forEach(
          (slot, device) ->
              leaves.put(slot, requireLogged(slot, device, ledger.entry(device.ctIndex()))));
    } catch (RuntimeException e) {
      journal.close();
      throw e;
    }
    LOG.log(Level.INFO, "Key directory of sector {0}: {1} devices", sector, devices.size());
  }

  @PreDestroy
  void close() {
    journal.close();
  }

  /**
   * Registers a device's keys in the namespace of {@code account}, or confirms an identical earlier
   * registration. A new registration's {@code pubkey} leaf and its directory record are both
   * durable when this returns.
   *
   * @return the device; for a repeated identical registration the earlier one (same {@code
   *     ctIndex}, no new leaf)
   * @throws InvalidInputException for a missing or malformed device id or key (see {@link
   *     PublicKeySet#decode})
   * @throws DeviceKeyConflictException when the id is registered there with other keys
   * @throws DeviceLimitException when the account has as many devices as its plan allows
   */
  public RegisteredDevice register(Account account, KeyRegistration registration) {
    Slot slot = new Slot(namespaceOf(account), DeviceIdParameter.required(registration.deviceId()));
    PublicKeySet keys =
        PublicKeySet.decode(registration.mlKem768(), registration.p256(), registration.mlDsa65());
    RegisteredDevice known = devices.get(slot);
    if (known != null) {
      return same(known, keys);
    }
    // One registration at a time: the check of the device limit and of the slot, the log append
    // and the directory append must not interleave with another registration's. Registrations are
    // rare (a few per device lifetime) and lookups do not take this lock.
    registering.lock();
    try {
      known = devices.get(slot);
      if (known != null) {
        return same(known, keys);
      }
      if (devicesPerAccount.getOrDefault(account.label(), 0) >= account.plan().maxDevices()) {
        throw new DeviceLimitException(account.plan());
      }
      NavigableMap<String, RegisteredDevice> namespace = byNamespace.get(slot.namespace());
      if (namespace != null && namespace.size() >= maxNamespaceDevices) {
        throw DeviceLimitException.namespaceFull(maxNamespaceDevices);
      }
      // Log first: a crash between the two appends leaves a leaf without a registration (the
      // client saw no answer and registers again), never a registration without its leaf.
      long ctIndex =
          ledger.appendPubkey(
              keys.fingerprintBytes(), DeviceBinding.of(slot.namespace(), slot.deviceId()));
      RegisteredDevice device = new RegisteredDevice(slot.deviceId(), keys, ctIndex);
      leaves.put(slot, requireLogged(slot, device, ledger.entry(ctIndex)));
      journal.append(new DeviceRecord(slot.namespace(), account.label(), device).encode());
      if (audited != null) {
        audited.fire(
            new Audited(
                account.label(),
                "key_registration",
                keys.fingerprint(),
                null,
                leaves.get(slot).insertedAtMillis()));
      }
      return device;
    } finally {
      registering.unlock();
    }
  }

  /**
   * A device of the caller's namespace with the proof of its registration against the current
   * signed tree head.
   *
   * @throws InvalidInputException {@code invalid_device_id}
   * @throws DeviceNotFoundException when no such device is registered in the caller's namespace
   */
  public PublishedDevice lookup(Account caller, String deviceId) {
    Slot slot = new Slot(namespaceOf(caller), DeviceIdParameter.required(deviceId));
    RegisteredDevice device = devices.get(slot);
    if (device == null) {
      throw new DeviceNotFoundException();
    }
    // The device's leaf was appended before the device became visible, so this head covers it.
    SignedTreeHead head = ledger.sth();
    return new PublishedDevice(
        slot.namespace(),
        device,
        leaves.get(slot),
        ledger.inclusionProof(device.ctIndex(), head.treeSize()),
        head,
        ledger.publicKey());
  }

  /**
   * Every device of the caller's namespace (its team's, else its own account's) with the proof of
   * its registration against one signed tree head. The head is taken first and every proof is made
   * for its tree size; a device registered after that head (its leaf beyond the head) is left out
   * until the next call. At most {@link #MAX_NAMESPACE_DEVICES} devices, sorted by device id; no
   * device of another namespace, ever.
   */
  public NamespaceDirectory directory(Account caller) {
    String namespace = namespaceOf(caller);
    SignedTreeHead head = ledger.sth();
    long treeSize = head.treeSize();
    List<NamespaceDirectory.Listed> listed = new ArrayList<>();
    NavigableMap<String, RegisteredDevice> registered = byNamespace.get(namespace);
    if (registered != null) {
      for (RegisteredDevice device : registered.values()) {
        if (device.ctIndex() < treeSize) {
          listed.add(
              new NamespaceDirectory.Listed(
                  device,
                  leaves.get(new Slot(namespace, device.deviceId())),
                  ledger.inclusionProof(device.ctIndex(), treeSize)));
        }
      }
    }
    return new NamespaceDirectory(namespace, head, ledger.publicKey(), listed);
  }

  /**
   * The keys of a device of the caller's namespace, without proof (for the DID directory, which
   * binds a DID only to keys registered here).
   *
   * @throws InvalidInputException {@code invalid_device_id}
   * @throws DeviceNotFoundException when no such device is registered in the caller's namespace
   */
  public PublicKeySet keysOf(Account caller, String deviceId) {
    RegisteredDevice device =
        devices.get(new Slot(namespaceOf(caller), DeviceIdParameter.required(deviceId)));
    if (device == null) {
      throw new DeviceNotFoundException();
    }
    return device.keys();
  }

  /** Devices registered in this sector, in every namespace. */
  public int size() {
    return devices.size();
  }

  /** The account's device namespace ({@link DeviceNamespace}). */
  static String namespaceOf(Account account) {
    return DeviceNamespace.of(account.label(), account.team());
  }

  /** Applies a durable record: replayed on start, and each new one before its append returns. */
  private void admit(DeviceRecord record) {
    Slot slot = new Slot(record.namespace(), record.device().deviceId());
    if (devices.putIfAbsent(slot, record.device()) != null) {
      throw new IllegalStateException(
          "device " + slot.deviceId() + " is registered twice in " + slot.namespace());
    }
    byNamespace
        .computeIfAbsent(slot.namespace(), any -> new ConcurrentSkipListMap<>())
        .put(slot.deviceId(), record.device());
    devicesPerAccount.merge(record.account(), 1, Integer::sum);
  }

  /**
   * The directory and the log must agree: the device's leaf is a pubkey leaf of its keys, bound to
   * its namespace and id.
   */
  private static LogEntry requireLogged(Slot slot, RegisteredDevice device, LogEntry entry) {
    if (entry == null
        || entry.type() != EntryType.PUBKEY
        || !entry.subject().equals(device.keys().fingerprint())
        || !((LeafDetail.Pubkey) entry.detail())
            .binding()
            .equals(
                HexFormat.of().formatHex(DeviceBinding.of(slot.namespace(), slot.deviceId())))) {
      throw new IllegalStateException(
          "the transparency log has no pubkey leaf of device "
              + device.deviceId()
              + " at index "
              + device.ctIndex()
              + ": the key directory and the log do not belong together");
    }
    return entry;
  }

  private static RegisteredDevice same(RegisteredDevice known, PublicKeySet keys) {
    if (!known.keys().equals(keys)) {
      throw new DeviceKeyConflictException();
    }
    return known;
  }
}
