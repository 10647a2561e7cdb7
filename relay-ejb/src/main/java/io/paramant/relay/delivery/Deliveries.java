package io.paramant.relay.delivery;

import io.paramant.ct.ejb.TransparencyLog;
import io.paramant.relay.DeviceIdParameter;
import io.paramant.relay.blob.BlobEvent;
import io.paramant.relay.blob.BlobHash;
import io.paramant.relay.blob.BlobStore;
import io.paramant.relay.blob.Owner;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

/**
 * Delivery confirmations ({@code POST /v2/ack}) and each account's delivery figures ({@code GET
 * /v2/monitor}), kept current by the blob store's events. See the package documentation for what is
 * held, for how long, and what a restart forgets.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Deliveries {

  /**
   * A receiver can have the last byte of its download before the relay has marked the blob as
   * downloaded; a confirmation of a blob being downloaded waits this long for the download to end.
   */
  static final long DOWNLOAD_WAIT_MS = 2_000;

  @Inject TransparencyLog log;
  @Inject BlobStore store;
  @Inject Event<DeliveryEvent> events;

  private final DeliveryLedger ledger = new DeliveryLedger();
  private final ConcurrentHashMap<String, Counters> byAccount = new ConcurrentHashMap<>();
  private LongSupplier clock;
  private ToLongFunction<byte[]> ackLedger;
  private BiPredicate<String, Owner> availableNow;
  private Consumer<DeliveryEvent> publisher;

  /** One account's counters; they only grow. */
  private static final class Counters {
    final AtomicLong inbound = new AtomicLong();
    final AtomicLong burned = new AtomicLong();
    final AtomicLong expired = new AtomicLong();
    final AtomicLong acked = new AtomicLong();
    final AtomicLong webhooksSent = new AtomicLong();
  }

  /** For the container. */
  public Deliveries() {}

  /**
   * For tests without a container.
   *
   * @param ackLedger appends an ack leaf for a blob hash and returns its index once durable
   * @param availableNow whether the blob with this hash (of this owner) can be downloaded right now
   */
  Deliveries(
      LongSupplier clock,
      ToLongFunction<byte[]> ackLedger,
      BiPredicate<String, Owner> availableNow,
      Consumer<DeliveryEvent> publisher) {
    init(clock, ackLedger, availableNow, publisher);
  }

  @PostConstruct
  void start() {
    init(
        System::currentTimeMillis,
        log::appendAck,
        (hash, owner) -> store.status(hash, owner).available(),
        events::fire);
  }

  private void init(
      LongSupplier clock,
      ToLongFunction<byte[]> ackLedger,
      BiPredicate<String, Owner> availableNow,
      Consumer<DeliveryEvent> publisher) {
    this.clock = clock;
    this.ackLedger = ackLedger;
    this.availableNow = availableNow;
    this.publisher = publisher;
  }

  // ---- the store's events

  public void stored(@Observes BlobEvent.Stored stored) {
    ledger.stored(stored.hash(), stored.owner(), stored.device(), stored.atMs());
    counters(stored.owner()).inbound.incrementAndGet();
  }

  public void burned(@Observes BlobEvent.Burned burned) {
    ledger.downloaded(burned.hash(), burned.atMs());
    counters(burned.owner()).burned.incrementAndGet();
    publisher.accept(
        new DeliveryEvent.Retrieved(burned.hash(), burned.owner(), burned.device(), burned.atMs()));
  }

  public void expired(@Observes BlobEvent.Expired expired) {
    ledger.expired(expired.hash());
    counters(expired.owner()).expired.incrementAndGet();
  }

  public void webhookFinished(@Observes DeliveryEvent.WebhookFinished finished) {
    if (finished.outcome() == DeliveryEvent.Outcome.DELIVERED) {
      counters(finished.registrant()).webhooksSent.incrementAndGet();
    }
  }

  // ---- what the API offers

  /**
   * Confirms the delivery of a downloaded blob and logs it: returns once the ack leaf is durable.
   *
   * @param hash the blob's hash as the client sent it
   * @param device the confirming device, or {@code null}
   * @param reader the confirming account
   * @throws io.paramant.relay.InvalidInputException {@code invalid_hash}, {@code invalid_device_id}
   * @throws DeliveryException {@code not_found} (unknown, forgotten, expired, not readable by the
   *     caller, or addressed to another device), {@code already_acked}, {@code not_delivered}
   */
  public AckReceipt ack(String hash, String device, Owner reader) {
    String canonical = BlobHash.parse(hash);
    String deviceId = DeviceIdParameter.optional(device);
    DeliveryLedger.Claim claim = ledger.claimAck(canonical, reader, deviceId);
    if (claim instanceof DeliveryLedger.Waiting waiting) {
      claim = awaitDownload(waiting.entry(), canonical, reader, deviceId);
    }
    if (claim instanceof DeliveryLedger.Unknown) {
      throw DeliveryException.notFound();
    }
    if (claim instanceof DeliveryLedger.Acked) {
      throw DeliveryException.alreadyAcked();
    }
    if (!(claim instanceof DeliveryLedger.Claimed claimed)) {
      throw DeliveryException.notDelivered();
    }
    DeliveryLedger.Entry entry = claimed.entry();
    long latencyMs = Math.max(0, clock.getAsLong() - entry.storedAtMs);
    long ctIndex;
    try {
      ctIndex = ackLedger.applyAsLong(HexFormat.of().parseHex(canonical));
    } catch (RuntimeException logFailure) {
      ledger.ackFailed(entry);
      throw logFailure;
    }
    ledger.acked(entry);
    counters(entry.owner).acked.incrementAndGet();
    publisher.accept(new DeliveryEvent.Acked(canonical, entry.owner, latencyMs, ctIndex));
    return new AckReceipt(latencyMs, ctIndex);
  }

  /**
   * A blob still in the store: if it can be downloaded now, nobody has it; otherwise its download
   * is under way, and its end is waited for briefly.
   */
  private DeliveryLedger.Claim awaitDownload(
      DeliveryLedger.Entry entry, String hash, Owner reader, String device) {
    if (availableNow.test(hash, entry.owner)) {
      return new DeliveryLedger.Waiting(entry);
    }
    try {
      entry.downloaded.get(DOWNLOAD_WAIT_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new DeliveryLedger.Waiting(entry);
    } catch (TimeoutException | ExecutionException | CancellationException notDownloaded) {
      // expired, replaced or still streaming: look again below
    }
    return ledger.claimAck(hash, reader, device);
  }

  /** The caller's own figures; never another account's, never relay-wide. */
  public DeliveryFigures figures(Owner account) {
    Counters c = byAccount.get(account.account());
    if (c == null) {
      return new DeliveryFigures(0, 0, 0, 0, 0, 0, 0, 0.0);
    }
    long inbound = c.inbound.get();
    long burned = c.burned.get();
    long expired = c.expired.get();
    long acked = c.acked.get();
    long total = burned + expired;
    return new DeliveryFigures(
        Math.max(0, inbound - burned - expired),
        inbound,
        burned,
        expired,
        c.webhooksSent.get(),
        total,
        acked,
        total == 0 ? 0.0 : (double) acked / total);
  }

  /** The latest record of a recent blob that {@code reader} may read. */
  public Optional<Tracked> find(String hash, Owner reader) {
    return Optional.ofNullable(ledger.find(hash, reader));
  }

  /** Forgets records past their age bound; runs every minute. */
  @Schedule(minute = "*", hour = "*", persistent = false)
  public void prune() {
    ledger.prune(clock.getAsLong());
  }

  private Counters counters(Owner owner) {
    return byAccount.computeIfAbsent(owner.account(), label -> new Counters());
  }
}
