package io.paramant.bench;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * What the transfers of a {@link SoakBenchmark} await: the {@code blob_ready} event of every upload
 * at every socket of the {@link SocketFleet} (within {@value #EVENT_WAIT_SECONDS} s of the upload's
 * response) and the webhook of every transfer that registered one (within {@link
 * WebhookBenchmark#HOOK_WAIT} of its download). A checker thread settles them four times a second:
 * what arrived counts as done, what is missing at its deadline as errors; so do sockets the relay
 * closes, and webhooks that the receiver found with a bad signature, malformed or delivered twice.
 */
final class Arrivals {

  static final int EVENT_WAIT_SECONDS = 5;
  private static final long EVENT_WAIT = TimeUnit.SECONDS.toNanos(EVENT_WAIT_SECONDS);
  private static final long HOOK_WAIT = WebhookBenchmark.HOOK_WAIT.toNanos();

  /** The events of one upload at every socket, or the webhook of one download. */
  private record Awaited(
      String hash, long deadline, SocketFleet.Pending events, Deliveries.Hook hook) {}

  private final SocketFleet fleet;
  private final WebhookSink sink;
  private final Deliveries deliveries;
  private final Tally events;
  private final Tally hooks;
  private final List<Awaited> awaited = new ArrayList<>(); // guarded by itself
  private Thread checker;
  private volatile boolean checking = true;
  private long closedSeen; // guarded by this
  private long receiverProblemsSeen; // guarded by this

  /**
   * @param fleet the connected sockets, or null (no events awaited)
   * @param sink the webhook receiver, or null (no webhooks)
   * @param deliveries where {@code sink} reports to
   */
  Arrivals(SocketFleet fleet, WebhookSink sink, Deliveries deliveries, Tally events, Tally hooks) {
    this.fleet = fleet;
    this.sink = sink;
    this.deliveries = deliveries;
    this.events = events;
    this.hooks = hooks;
  }

  boolean webhooks() {
    return sink != null;
  }

  /** The callback URL of hash webhooks. */
  String callback() {
    return sink.url("/hash");
  }

  /** Collects the events of the blob {@code hash}; call before its upload. Null without sockets. */
  SocketFleet.Pending expectEvents(String hash) {
    return fleet == null ? null : fleet.expect(hash);
  }

  /** The upload of {@code hash} failed: no events to await. */
  void uploadFailed(String hash) {
    if (fleet != null) {
      fleet.forget(hash);
    }
  }

  /** The upload of {@code hash} succeeded: its events are due within the event wait. */
  void awaitEvents(String hash, SocketFleet.Pending events) {
    if (events != null) {
      add(new Awaited(hash, System.nanoTime() + EVENT_WAIT, events, null));
    }
  }

  /** Collects the webhook of the blob {@code hash}; call before its download. */
  Deliveries.Hook expectWebhook(String hash) {
    Deliveries.Hook hook = new Deliveries.Hook(1);
    deliveries.expect(hash, hook);
    return hook;
  }

  /** The download of {@code hash} failed: no webhook to await. */
  void downloadFailed(String hash) {
    deliveries.forget(hash);
  }

  /** {@code hash} was downloaded: its webhook is due within the webhook wait. */
  void awaitWebhook(String hash, Deliveries.Hook hook) {
    add(new Awaited(hash, System.nanoTime() + HOOK_WAIT, null, hook));
  }

  /** Events and webhooks not settled yet. */
  int pending() {
    synchronized (awaited) {
      return awaited.size();
    }
  }

  void start() {
    checker =
        new Thread(
            () -> {
              while (checking) {
                check();
                try {
                  Thread.sleep(250);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "soak-checker");
    checker.setDaemon(true);
    checker.start();
  }

  /** Waits until nothing is pending or every deadline has passed, then stops the checker. */
  void stop() throws InterruptedException {
    long until = System.nanoTime() + HOOK_WAIT + TimeUnit.SECONDS.toNanos(1);
    while (pending() > 0 && System.nanoTime() < until) {
      Thread.sleep(100);
    }
    checking = false;
    checker.join();
    check();
  }

  private void add(Awaited a) {
    synchronized (awaited) {
      awaited.add(a);
    }
  }

  /** Settles what has arrived or is past its deadline; counts closed sockets and bad webhooks. */
  private synchronized void check() {
    long now = System.nanoTime();
    synchronized (awaited) {
      for (Iterator<Awaited> it = awaited.iterator(); it.hasNext(); ) {
        if (settled(it.next(), now)) {
          it.remove();
        }
      }
    }
    if (fleet != null) {
      long closed = fleet.closedByCode().values().stream().mapToLong(Integer::longValue).sum();
      events.error(closed - closedSeen, "sockets closed by the relay: " + fleet.closedByCode());
      closedSeen = Math.max(closed, closedSeen);
    }
    if (sink != null) {
      long problems = sink.badSignatures() + sink.malformed() + deliveries.duplicates.get();
      String first = sink.firstProblem();
      hooks.error(
          problems - receiverProblemsSeen,
          first != null ? first : "a webhook delivered twice (duplicates: " + problems + ")");
      receiverProblemsSeen = Math.max(problems, receiverProblemsSeen);
    }
  }

  private boolean settled(Awaited a, long now) {
    boolean late = now - a.deadline() > 0;
    if (a.events() != null) {
      int got = a.events().received();
      int all = a.events().sockets();
      if (got < all && !late) {
        return false;
      }
      events.done(got);
      events.error(
          all - got,
          String.format(
              Locale.ROOT,
              "%d of %d sockets without blob_ready for %s after %d s",
              all - got,
              all,
              a.hash(),
              EVENT_WAIT_SECONDS));
      fleet.forget(a.hash());
      return true;
    }
    boolean arrived = a.hook().count.get() >= 1;
    if (!arrived && !late) {
      return false;
    }
    if (arrived) {
      hooks.done(1);
    } else {
      hooks.error(1, "no webhook for " + a.hash() + " within " + HOOK_WAIT / 1_000_000_000 + " s");
    }
    deliveries.forget(a.hash());
    return true;
  }
}
