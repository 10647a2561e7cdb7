package io.paramant.relay.blob;

import io.paramant.accounts.Plan;
import io.paramant.ct.ejb.TransparencyLog;
import io.paramant.relay.accounts.Account;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The sector's RAM-only blob store: bounded off-heap slabs, a quota of them per account, one
 * download per blob, shred on burn. Anonymous drops live here too, in a namespace of their own (see
 * the package documentation for the memory and concurrency model, quotas, and drops).
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class BlobStore {

  /** Largest blob the relay accepts: 5 MiB, the size every client pads to. */
  public static final int MAX_BLOB = SlabPool.SLAB_SIZE;

  /**
   * Seconds a client is told to wait when the store is full or its account holds its quota (the
   * sweep runs every second).
   */
  static final int RETRY_AFTER_SECONDS = 5;

  /** A claim whose response never started streaming within this time is given back. */
  static final long STALE_CLAIM_MS = 60_000;

  private static final System.Logger LOG = System.getLogger(BlobStore.class.getName());

  @Inject
  @ConfigProperty(name = "paramant.blob.capacity", defaultValue = "64")
  int configuredCapacity;

  @Inject
  @ConfigProperty(name = "paramant.quota.free")
  Optional<Integer> quotaFree;

  @Inject
  @ConfigProperty(name = "paramant.quota.pro")
  Optional<Integer> quotaPro;

  @Inject
  @ConfigProperty(name = "paramant.quota.enterprise")
  Optional<Integer> quotaEnterprise;

  @Inject Event<BlobEvent> events;
  @Inject TransparencyLog log;

  private final ConcurrentHashMap<String, StoredBlob> blobs = new ConcurrentHashMap<>();

  /** Anonymous drops by drop id: a separate map, so a drop id never meets a blob hash. */
  private final ConcurrentHashMap<String, StoredBlob> drops = new ConcurrentHashMap<>();

  private Slots slots;
  private LongSupplier clock;
  private Consumer<BlobEvent> publisher;
  private ToLongFunction<byte[]> transferLedger;

  /** For the container. */
  public BlobStore() {}

  /**
   * For tests without a container.
   *
   * @param transferLedger appends a transfer leaf for a blob hash and returns its index once
   *     durable
   */
  BlobStore(
      int capacity,
      LongSupplier clock,
      Consumer<BlobEvent> publisher,
      ToLongFunction<byte[]> transferLedger) {
    this(capacity, Map.of(), clock, publisher, transferLedger);
  }

  /**
   * For tests without a container.
   *
   * @param quotas absolute quotas per plan, as {@code paramant.quota.<plan>} sets them
   */
  BlobStore(
      int capacity,
      Map<Plan, Integer> quotas,
      LongSupplier clock,
      Consumer<BlobEvent> publisher,
      ToLongFunction<byte[]> transferLedger) {
    init(capacity, quotas, clock, publisher, transferLedger);
  }

  @PostConstruct
  void start() {
    SlabPool.requireDirectMemoryFor(configuredCapacity);
    Map<Plan, Integer> quotas = new EnumMap<>(Plan.class);
    quotaFree.ifPresent(q -> quotas.put(Plan.FREE, q));
    quotaPro.ifPresent(q -> quotas.put(Plan.PRO, q));
    quotaEnterprise.ifPresent(q -> quotas.put(Plan.ENTERPRISE, q));
    init(configuredCapacity, quotas, System::currentTimeMillis, events::fire, log::appendTransfer);
    LOG.log(
        Level.INFO,
        "Blob store ready: capacity {0} blobs of {1} bytes, off-heap; per account at most"
            + " {2} (free), {3} (pro), {4} (enterprise)",
        configuredCapacity,
        SlabPool.SLAB_SIZE,
        slots.quota(Plan.FREE),
        slots.quota(Plan.PRO),
        slots.quota(Plan.ENTERPRISE));
  }

  private void init(
      int capacity,
      Map<Plan, Integer> quotas,
      LongSupplier clock,
      Consumer<BlobEvent> publisher,
      ToLongFunction<byte[]> transferLedger) {
    this.slots = new Slots(capacity, quotas);
    this.clock = clock;
    this.publisher = publisher;
    this.transferLedger = transferLedger;
  }

  /**
   * Fails fast when a blob with this hash is stored, before any body byte is read.
   *
   * @throws BlobExistsException when the hash is taken
   */
  public void requireAbsent(String hash) {
    if (blobs.containsKey(hash)) {
      throw new BlobExistsException();
    }
  }

  /**
   * Reserves a slot for an upload of {@code account}'s blob: counts it against the account's quota
   * and takes a slab, in one atomic step. Call this before reading the request body, so that a full
   * store or an account at its quota costs no memory.
   *
   * @throws QuotaExceededException when the account holds its plan's quota of slots
   * @throws StoreFullException when every slab is in use
   */
  public Upload beginUpload(Account account) {
    return Upload.ofBlob(this, reserve(account), account.owner());
  }

  /**
   * Reserves a slot for an anonymous drop of {@code account}; like {@link #beginUpload}, call it
   * before reading the request body. Drops and blobs share the slab pool and the account's quota.
   *
   * @throws QuotaExceededException when the account holds its plan's quota of slots
   * @throws StoreFullException when every slab is in use
   */
  public Upload beginDrop(Account account) {
    return Upload.ofDrop(this, reserve(account), account.owner());
  }

  private Slot reserve(Account account) {
    Slot slot;
    try {
      slot = slots.reserve(account.label(), account.plan(), RETRY_AFTER_SECONDS);
    } catch (QuotaExceededException overQuota) {
      announce(new BlobEvent.RejectedOverQuota(account.owner(), clock.getAsLong()));
      throw overQuota;
    }
    if (slot == null) {
      announce(new BlobEvent.RejectedAtCapacity(clock.getAsLong()));
      throw new StoreFullException(RETRY_AFTER_SECONDS);
    }
    return slot;
  }

  /**
   * Indexes a committed upload. From this call on the store owns {@code slot}: when the blob is not
   * stored after all (hash taken, log append failed) the store frees the slot here, and the {@link
   * Upload} no longer touches it.
   */
  StoredReceipt publish(String hash, Owner owner, String device, Slot slot, int size, long ttlMs) {
    long now = clock.getAsLong();
    StoredBlob blob = new StoredBlob(hash, false, owner, device, slot, size, now, now + ttlMs);
    if (blobs.putIfAbsent(hash, blob) != null) {
      free(slot, size);
      throw new BlobExistsException();
    }
    long ctIndex = -1;
    boolean logged = false;
    try {
      ctIndex = transferLedger.applyAsLong(BlobHash.bytes(hash));
      logged = true;
    } finally {
      if (!logged) {
        // not acknowledged: PENDING, so no download or expiry can have touched it
        blobs.remove(hash, blob);
        free(slot, size);
      }
    }
    blob.makeAvailable();
    announce(new BlobEvent.Stored(hash, size, owner, device, now));
    return new StoredReceipt(hash, size, ttlMs, ctIndex);
  }

  /** Indexes a committed drop; owns {@code slot} from this call on, like {@link #publish}. */
  DropReceipt publishDrop(String id, Owner owner, Slot slot, int size, long ttlMs) {
    long now = clock.getAsLong();
    StoredBlob drop = new StoredBlob(id, true, owner, null, slot, size, now, now + ttlMs);
    if (drops.putIfAbsent(id, drop) != null) {
      free(slot, size);
      throw new DropExistsException();
    }
    drop.makeAvailable(); // no log leaf: drops are not logged
    announce(new BlobEvent.DropStored(size, owner, now));
    return new DropReceipt(id, size, ttlMs);
  }

  /**
   * Tells the observers (push, webhooks, metrics, delivery records). An observer that fails is
   * logged and otherwise ignored: the store's own state is settled before every event, so an
   * observer can neither undo a stored blob nor free a slab a second time.
   */
  private void announce(BlobEvent event) {
    try {
      publisher.accept(event);
    } catch (RuntimeException observerFailure) {
      LOG.log(
          Level.WARNING,
          "An observer of "
              + event.getClass().getSimpleName()
              + " failed; the blob store is not"
              + " affected",
          observerFailure);
    }
  }

  /**
   * Claims a drop for its one pickup. Anyone who knows the id may pick it up.
   *
   * @throws DropNotFoundException when it is picked up, expired, being picked up or unknown
   */
  public Download claimDrop(String id) {
    StoredBlob drop = drops.get(id);
    if (drop == null) {
      throw new DropNotFoundException();
    }
    long now = clock.getAsLong();
    if (drop.expiredAt(now)) {
      expire(drop);
      throw new DropNotFoundException();
    }
    if (!drop.claim(now)) {
      throw new DropNotFoundException();
    }
    return new Download(this, drop);
  }

  /**
   * Claims the blob for its one download.
   *
   * @throws BlobNotFoundException when it is burned, expired, being downloaded or unknown
   * @throws BlobOfOtherAccountException when {@code reader} may not read it
   */
  public Download claim(String hash, Owner reader) {
    StoredBlob blob = readable(hash, reader);
    if (!blob.claim(clock.getAsLong())) {
      throw new BlobNotFoundException();
    }
    return new Download(this, blob);
  }

  /** Availability without consuming. */
  public BlobStatus status(String hash, Owner reader) {
    StoredBlob blob;
    try {
      blob = readable(hash, reader);
    } catch (BlobNotFoundException gone) {
      return BlobStatus.GONE;
    }
    if (!blob.isAvailable()) {
      return BlobStatus.GONE;
    }
    return new BlobStatus(true, blob.size, Math.max(0, blob.expiresAtMs - clock.getAsLong()));
  }

  private StoredBlob readable(String hash, Owner reader) {
    StoredBlob blob = blobs.get(hash);
    if (blob == null) {
      throw new BlobNotFoundException();
    }
    if (blob.expiredAt(clock.getAsLong())) {
      expire(blob);
      throw new BlobNotFoundException();
    }
    if (!blob.owner.mayRead(reader)) {
      throw new BlobOfOtherAccountException();
    }
    return blob;
  }

  /** Burns expired blobs and gives back claims whose response was lost; runs every second. */
  @Schedule(second = "*", minute = "*", hour = "*", persistent = false)
  public void sweep() {
    long now = clock.getAsLong();
    sweep(blobs, now);
    sweep(drops, now);
  }

  private void sweep(ConcurrentHashMap<String, StoredBlob> index, long now) {
    for (StoredBlob blob : index.values()) {
      if (blob.claimStale(now, STALE_CLAIM_MS)) {
        blob.releaseClaim();
      }
      if (blob.expiredAt(now)) {
        expire(blob);
      }
    }
  }

  private void expire(StoredBlob blob) {
    if (blob.burnAvailable()) {
      indexOf(blob).remove(blob.hash, blob);
      free(blob.slot, blob.size);
      long now = clock.getAsLong();
      announce(
          blob.drop
              ? new BlobEvent.DropExpired(blob.size, blob.owner, now)
              : new BlobEvent.Expired(blob.hash, blob.size, blob.owner, now));
    }
  }

  void burn(StoredBlob blob) {
    if (blob.burnStreamed()) {
      indexOf(blob).remove(blob.hash, blob);
      free(blob.slot, blob.size);
      long now = clock.getAsLong();
      announce(
          blob.drop
              ? new BlobEvent.DropPickedUp(blob.size, blob.owner, now)
              : new BlobEvent.Burned(blob.hash, blob.size, blob.owner, blob.device, now));
    }
  }

  private ConcurrentHashMap<String, StoredBlob> indexOf(StoredBlob blob) {
    return blob.drop ? drops : blobs;
  }

  /**
   * Shreds the written part of a slot's slab, returns it to the pool and uncounts it from its
   * account, once per slot whoever calls.
   */
  void free(Slot slot, int size) {
    slots.free(slot, size);
  }

  /** Blobs stored and not yet burned or expired (including those being downloaded). */
  public int blobsInFlight() {
    return blobs.size();
  }

  /** Drops stored and not yet picked up or expired (including those being picked up). */
  public int dropsInFlight() {
    return drops.size();
  }

  /** Slabs in use: stored blobs and drops plus uploads in progress. */
  public int slabsInUse() {
    return slots.inUse();
  }

  public int capacity() {
    return slots.capacity();
  }

  /** The slots one account of {@code plan} may hold at once on this sector. */
  public int quota(Plan plan) {
    return slots.quota(plan);
  }

  /** Slots the account labelled {@code account} holds now: its blobs, drops and uploads. */
  public int slotsHeldBy(String account) {
    return slots.heldBy(account);
  }
}
