package io.paramant.relay.delivery;

import io.paramant.relay.DeviceIdParameter;
import io.paramant.relay.InvalidInputException;
import io.paramant.relay.accounts.Accounts;
import io.paramant.relay.accounts.AccountsChanged;
import io.paramant.relay.blob.BlobEvent;
import io.paramant.relay.blob.BlobHash;
import io.paramant.relay.blob.Owner;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Delivery webhooks ({@code POST /v2/webhook}): registrations, and the signed {@code
 * blob_retrieved} requests sent when a blob is downloaded. See the package documentation for the
 * bounds, the key handling and the address policy.
 *
 * <p>Threads: the blob store's events are observed on the downloading request's thread, so the
 * observer only hands the event to a small pool of managed threads (made by the container's {@code
 * ManagedThreadFactory}; Payara's default managed executors run one task at a time, and a slow DNS
 * answer for one account's target must not hold up every other account's webhooks). Waiting between
 * attempts is the default {@code ManagedScheduledExecutorService}'s; the HTTP exchange is the JDK
 * client's, asynchronous, so a slow receiver holds a connection but no thread.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Webhooks {

  /** The header that carries the signature. */
  public static final String SIGNATURE_HEADER = "X-Paramant-Sig";

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** Until the response status line and headers have arrived; the body is not read. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  static final int THREADS = 4;
  static final int QUEUE = 1_024;

  /** Events being delivered (attempting or waiting to retry) at once; more fail at once. */
  static final int MAX_IN_FLIGHT = 1_000;

  /** A failed or refused delivery is logged at most once per account and outcome in this time. */
  static final long LOG_INTERVAL_MS = 10_000;

  private static final System.Logger LOG = System.getLogger(Webhooks.class.getName());

  @Inject
  @ConfigProperty(name = "paramant.webhook.allow-private", defaultValue = "false")
  boolean allowPrivate;

  @Inject Deliveries deliveries;
  @Inject Accounts accounts;
  @Inject Event<DeliveryEvent> events;
  @Resource ManagedScheduledExecutorService scheduler;
  @Resource ManagedThreadFactory threads;

  private final WebhookRegistry registry = new WebhookRegistry();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final ConcurrentHashMap<String, LogThrottle> logThrottles = new ConcurrentHashMap<>();
  private TargetPolicy policy;
  private ThreadPoolExecutor pool;
  private ExecutorService clientThreads;
  private WebhookDelivery.Transport transport;
  private Executor executor;
  private WebhookDelivery.Scheduler delays;
  private LongSupplier clock;
  private BiFunction<String, Owner, Optional<Tracked>> lookup;
  private Predicate<String> accountActive;
  private Consumer<DeliveryEvent> publisher;

  /** For the container. */
  public Webhooks() {}

  /** For tests without a container. */
  Webhooks(
      TargetPolicy policy,
      WebhookDelivery.Transport transport,
      Executor executor,
      WebhookDelivery.Scheduler delays,
      LongSupplier clock,
      BiFunction<String, Owner, Optional<Tracked>> lookup,
      Predicate<String> accountActive,
      Consumer<DeliveryEvent> publisher) {
    init(policy, transport, executor, delays, clock, lookup, accountActive, publisher);
  }

  @PostConstruct
  void start() {
    pool =
        new ThreadPoolExecutor(
            THREADS, THREADS, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), threads);
    pool.allowCoreThreadTimeOut(true);
    // The HTTP client gets threads of its own that never refuse work: a JDK HttpClient whose
    // executor rejects a task stops for good and leaves its requests hanging (seen under load with
    // the bounded delivery pool). A few threads over an unbounded queue: its tasks are the
    // completions of at most MAX_IN_FLIGHT exchanges, and a cached pool grew to 200+ threads
    // under overload (PERFORMANCE.md).
    ThreadPoolExecutor client =
        new ThreadPoolExecutor(
            THREADS, THREADS, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
    client.allowCoreThreadTimeOut(true);
    clientThreads = client;
    HttpClient http = httpClient(clientThreads);
    init(
        new TargetPolicy(allowPrivate, InetAddress::getAllByName),
        (target, body, signature) -> post(http, target, body, signature),
        pool,
        (task, delayMs) -> scheduler.schedule(task, delayMs, TimeUnit.MILLISECONDS),
        System::currentTimeMillis,
        deliveries::find,
        accounts::isActive,
        events::fire);
    LOG.log(
        Level.INFO,
        "Webhooks ready: private, loopback and link-local targets are {0}",
        allowPrivate ? "ALLOWED (paramant.webhook.allow-private=true)" : "refused");
  }

  private void init(
      TargetPolicy policy,
      WebhookDelivery.Transport transport,
      Executor executor,
      WebhookDelivery.Scheduler delays,
      LongSupplier clock,
      BiFunction<String, Owner, Optional<Tracked>> lookup,
      Predicate<String> accountActive,
      Consumer<DeliveryEvent> publisher) {
    this.policy = policy;
    this.transport = transport;
    this.executor = executor;
    this.delays = delays;
    this.clock = clock;
    this.lookup = lookup;
    this.accountActive = accountActive;
    this.publisher = publisher;
  }

  @PreDestroy
  void stop() {
    registry.clear();
    if (pool != null) {
      pool.shutdownNow();
    }
    if (clientThreads != null) {
      clientThreads.shutdownNow();
    }
  }

  /**
   * Registers a callback for one blob ({@code hash}) or for every blob addressed to a device of the
   * caller's account or team ({@code device}). When the blob of a hash registration was downloaded
   * already, its event is sent at once.
   *
   * @param apiKey the caller's API key, the signing key of this registration's requests
   * @throws InvalidInputException {@code missing_field}, {@code invalid_field} (both hash and
   *     device), {@code invalid_hash}, {@code invalid_device_id}
   * @throws DeliveryException {@code invalid_callback_url}, {@code webhook_target_refused}, {@code
   *     not_found} (no recent blob with that hash the caller may read), {@code too_many_webhooks}
   */
  public Registered register(
      Owner owner, String apiKey, String hash, String device, String callbackUrl) {
    if (hash == null && device == null) {
      throw new InvalidInputException("missing_field", "hash or device_id is required.");
    }
    if (hash != null && device != null) {
      throw new InvalidInputException("invalid_field", "Give either hash or device_id, not both.");
    }
    Objects.requireNonNull(apiKey, "apiKey: the route must be key-authenticated");
    String blob = hash == null ? null : BlobHash.parse(hash);
    String deviceId = DeviceIdParameter.optional(device);
    CallbackUrl url = CallbackUrl.parse(callbackUrl);
    if (blob != null && lookup.apply(blob, owner).isEmpty()) {
      throw DeliveryException.notFound();
    }
    policy.vet(url);
    WebhookRegistry.Registration registration =
        registry.add(
            owner, blob, deviceId, url, apiKey.getBytes(StandardCharsets.UTF_8), clock.getAsLong());
    if (blob != null) {
      // The download may have happened between the check above and the registration: then the
      // retrieval's fan-out did not see this registration, and it is served here (once: take()).
      Optional<Tracked> now = lookup.apply(blob, owner);
      if (now.isEmpty()) {
        if (registry.take(registration)) {
          registration.end();
        }
        throw DeliveryException.notFound();
      }
      if (now.get().delivered() && registry.take(registration)) {
        deliver(registration, blob, now.get().deliveredAtMs());
      }
      return new Registered(registration.id, "hash", null);
    }
    return new Registered(registration.id, "device", WebhookRegistry.DEVICE_TTL_MS / 1000);
  }

  /** A blob was downloaded: its registrations are served on the webhook threads. */
  public void retrieved(@Observes DeliveryEvent.Retrieved retrieved) {
    try {
      executor.execute(() -> fanOut(retrieved));
    } catch (RejectedExecutionException overloaded) {
      LOG.log(
          Level.WARNING,
          "Webhook threads overloaded: the retrieval of a blob of account {0} is not announced"
              + " to device registrations",
          retrieved.owner().account());
    }
  }

  public void expired(@Observes BlobEvent.Expired expired) {
    registry.blobGone(expired.hash());
  }

  /** Registrations of revoked or removed accounts end (and their keys are wiped) at once. */
  public void accountsChanged(@Observes AccountsChanged changed) {
    registry.sweep(clock.getAsLong(), accountActive);
  }

  /**
   * Ends expired registrations, and settles hash registrations whose blob is gone or was downloaded
   * while nobody looked (a lost race or an overloaded pool); runs every 10 seconds.
   */
  @Schedule(second = "*/10", minute = "*", hour = "*", persistent = false)
  public void sweep() {
    registry.sweep(clock.getAsLong(), accountActive);
    for (WebhookRegistry.Registration r : registry.hashRegistrations()) {
      Optional<Tracked> blob = lookup.apply(r.hash, r.owner);
      if (blob.isEmpty()) {
        if (registry.take(r)) {
          r.end();
        }
      } else if (blob.get().delivered() && registry.take(r)) {
        deliver(r, r.hash, blob.get().deliveredAtMs());
      }
    }
  }

  /** Registrations held now. */
  public int registrations() {
    return registry.size();
  }

  private void fanOut(DeliveryEvent.Retrieved retrieved) {
    List<WebhookRegistry.Registration> found =
        registry.retrieved(
            retrieved.hash(), retrieved.owner(), retrieved.device(), clock.getAsLong());
    for (WebhookRegistry.Registration r : found) {
      deliver(r, retrieved.hash(), retrieved.atMs());
    }
  }

  private void deliver(WebhookRegistry.Registration registration, String hash, long atMs) {
    byte[] body = WebhookSignature.blobRetrieved(hash, atMs);
    String signature = registration.sign(body);
    if (registration.oneShot()) {
      registration.end();
    }
    if (signature == null) {
      return; // the registration ended meanwhile (its account was revoked)
    }
    if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
      inFlight.decrementAndGet();
      finished(registration, hash, DeliveryEvent.Outcome.FAILED);
      return;
    }
    new WebhookDelivery(
            registration.url,
            body,
            signature,
            policy,
            transport,
            executor,
            delays,
            outcome -> {
              inFlight.decrementAndGet();
              finished(registration, hash, outcome);
            })
        .start();
  }

  private void finished(
      WebhookRegistry.Registration registration, String hash, DeliveryEvent.Outcome outcome) {
    if (outcome != DeliveryEvent.Outcome.DELIVERED) {
      // An overloaded or unreachable receiver fails thousands of events a minute: one line per
      // account and outcome per LOG_INTERVAL_MS, the exact figures are in the metrics.
      String account = registration.owner.account();
      long notLogged =
          logThrottles
              .computeIfAbsent(account + ' ' + outcome.wireName(), k -> new LogThrottle())
              .admit(clock.getAsLong());
      if (notLogged >= 0) {
        LOG.log(
            Level.INFO,
            "Webhook of account {0} to {1}: {2}{3}",
            account,
            registration.url.forLog(),
            outcome.wireName(),
            notLogged == 0
                ? ""
                : " (and "
                    + notLogged
                    + " more of this account not logged since the last such line;"
                    + " see paramant_webhook_deliveries_total)");
      }
    }
    publisher.accept(new DeliveryEvent.WebhookFinished(registration.owner, hash, outcome));
  }

  /** Lets one log line through per {@link #LOG_INTERVAL_MS} and counts the others. */
  static final class LogThrottle {
    private final AtomicLong nextAtMs = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong held = new AtomicLong();

    /** The lines held back since the last one let through, or -1 when this one is held back. */
    long admit(long nowMs) {
      long next = nextAtMs.get();
      if (nowMs >= next && nextAtMs.compareAndSet(next, nowMs + LOG_INTERVAL_MS)) {
        return held.getAndSet(0);
      }
      held.incrementAndGet();
      return -1;
    }
  }

  /** The client of every webhook request: HTTP/1.1, no redirects, no proxy, timeouts. */
  static HttpClient httpClient(Executor executor) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER) // a redirect would skip the address check
        .proxy(HttpClient.Builder.NO_PROXY)
        .executor(executor)
        .build();
  }

  /** One POST with the JDK client; only the status is read, the body is not waited for. */
  static CompletableFuture<Integer> post(
      HttpClient http, URI target, byte[] body, String signature) {
    HttpRequest request =
        HttpRequest.newBuilder(target)
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/json")
            .header("User-Agent", "Paramant-Webhook")
            .header(SIGNATURE_HEADER, signature)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return http.sendAsync(request, info -> new StatusOnly()).thenApply(HttpResponse::statusCode);
  }

  /** Takes no body: the subscription is cancelled at once, which closes the connection. */
  private static final class StatusOnly implements HttpResponse.BodySubscriber<Void> {
    @Override
    public CompletionStage<Void> getBody() {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      subscription.cancel();
    }

    @Override
    public void onNext(List<ByteBuffer> item) {}

    @Override
    public void onError(Throwable throwable) {}

    @Override
    public void onComplete() {}
  }
}
