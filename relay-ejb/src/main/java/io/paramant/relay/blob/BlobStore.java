package io.paramant.relay.blob;

import io.paramant.ct.TransparencyLog;
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
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The sector's RAM-only blob store: bounded off-heap slabs, one download per blob, shred on burn.
 * Anonymous drops live here too, in a namespace of their own (see the package documentation for the
 * memory and concurrency model, and for drops).
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class BlobStore {

  /** Largest blob the relay accepts: 5 MiB, the size every client pads to. */
  public static final int MAX_BLOB = SlabPool.SLAB_SIZE;

  /** Seconds a client is told to wait when the store is full (the sweep runs every second). */
  static final int RETRY_AFTER_SECONDS = 5;

  /** A claim whose response never started streaming within this time is given back. */
  static final long STALE_CLAIM_MS = 60_000;

  private static final System.Logger LOG = System.getLogger(BlobStore.class.getName());

  @Inject
  @ConfigProperty(name = "paramant.blob.capacity", defaultValue = "64")
  int configuredCapacity;

  @Inject Event<BlobEvent> events;
  @Inject TransparencyLog log;

  private final ConcurrentHashMap<String, StoredBlob> blobs = new ConcurrentHashMap<>();

  /** Anonymous drops by drop id: a separate map, so a drop id never meets a blob hash. */
  private final ConcurrentHashMap<String, StoredBlob> drops = new ConcurrentHashMap<>();

  private SlabPool pool;
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
    init(capacity, clock, publisher, transferLedger);
  }

  @PostConstruct
  void start() {
    long needed = (long) configuredCapacity * SlabPool.SLAB_SIZE;
    long directLimit = maxDirectMemory();
    if (directLimit > 0 && needed > directLimit) {
      throw new IllegalStateException(
          "paramant.blob.capacity="
              + configuredCapacity
              + " needs "
              + needed
              + " bytes of direct memory but -XX:MaxDirectMemorySize allows "
              + directLimit);
    }
    init(configuredCapacity, System::currentTimeMillis, events::fire, log::appendTransfer);
    LOG.log(
        Level.INFO,
        "Blob store ready: capacity {0} blobs of {1} bytes, off-heap",
        configuredCapacity,
        SlabPool.SLAB_SIZE);
  }

  private void init(
      int capacity,
      LongSupplier clock,
      Consumer<BlobEvent> publisher,
      ToLongFunction<byte[]> transferLedger) {
    this.pool = new SlabPool(capacity);
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
   * Reserves a slab for an upload. Call this before reading the request body, so that a full store
   * costs no memory.
   *
   * @throws StoreFullException when every slab is in use
   */
  public Upload beginUpload() {
    return Upload.ofBlob(this, reserveSlab());
  }

  /**
   * Reserves a slab for an anonymous drop; like {@link #beginUpload}, call it before reading the
   * request body. Drops and blobs share the slab pool.
   *
   * @throws StoreFullException when every slab is in use
   */
  public Upload beginDrop() {
    return Upload.ofDrop(this, reserveSlab());
  }

  private ByteBuffer reserveSlab() {
    ByteBuffer slab = pool.tryAcquire();
    if (slab == null) {
      publisher.accept(new BlobEvent.RejectedAtCapacity(clock.getAsLong()));
      throw new StoreFullException(RETRY_AFTER_SECONDS);
    }
    return slab;
  }

  StoredReceipt publish(
      String hash, Owner owner, String device, ByteBuffer slab, int size, long ttlMs) {
    long now = clock.getAsLong();
    StoredBlob blob = new StoredBlob(hash, false, owner, device, slab, size, now, now + ttlMs);
    if (blobs.putIfAbsent(hash, blob) != null) {
      throw new BlobExistsException();
    }
    long ctIndex;
    try {
      ctIndex = transferLedger.applyAsLong(BlobHash.bytes(hash));
    } catch (RuntimeException logFailure) {
      blobs.remove(hash, blob); // not acknowledged: the caller's Upload recycles the slab
      throw logFailure;
    }
    blob.makeAvailable();
    publisher.accept(new BlobEvent.Stored(hash, size, owner, device, now));
    return new StoredReceipt(hash, size, ttlMs, ctIndex);
  }

  DropReceipt publishDrop(String id, Owner owner, ByteBuffer slab, int size, long ttlMs) {
    long now = clock.getAsLong();
    StoredBlob drop = new StoredBlob(id, true, owner, null, slab, size, now, now + ttlMs);
    if (drops.putIfAbsent(id, drop) != null) {
      throw new DropExistsException();
    }
    drop.makeAvailable(); // no log leaf: drops are not logged
    publisher.accept(new BlobEvent.DropStored(size, owner, now));
    return new DropReceipt(id, size, ttlMs);
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
      recycle(blob.slab, blob.size);
      long now = clock.getAsLong();
      publisher.accept(
          blob.drop
              ? new BlobEvent.DropExpired(blob.size, blob.owner, now)
              : new BlobEvent.Expired(blob.hash, blob.size, blob.owner, now));
    }
  }

  void burn(StoredBlob blob) {
    if (blob.burnStreamed()) {
      indexOf(blob).remove(blob.hash, blob);
      recycle(blob.slab, blob.size);
      long now = clock.getAsLong();
      publisher.accept(
          blob.drop
              ? new BlobEvent.DropPickedUp(blob.size, blob.owner, now)
              : new BlobEvent.Burned(blob.hash, blob.size, blob.owner, blob.device, now));
    }
  }

  private ConcurrentHashMap<String, StoredBlob> indexOf(StoredBlob blob) {
    return blob.drop ? drops : blobs;
  }

  /** Shreds the written part of a slab and returns it to the pool. */
  void recycle(ByteBuffer slab, int size) {
    Shredder.shred(slab, size);
    pool.release(slab);
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
    return pool.inUse();
  }

  public int capacity() {
    return pool.capacity();
  }

  /**
   * The JVM's direct memory limit, or 0 when it is not set explicitly (then it equals the heap
   * limit).
   */
  private static long maxDirectMemory() {
    try {
      var hotspot =
          ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
      long value = Long.parseLong(hotspot.getVMOption("MaxDirectMemorySize").getValue());
      return value > 0 ? value : Runtime.getRuntime().maxMemory();
    } catch (RuntimeException notHotSpot) {
      return 0;
    }
  }
}
