package io.paramant.bench;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The traffic of a {@link SoakBenchmark}: one thread per activity, each paced to its rate, so at
 * most one request of each activity is in flight; a slot that an activity misses because its
 * request took longer is skipped, never made up in a burst. What transfers await (events at the
 * sockets, webhooks) is settled by {@link Arrivals}.
 *
 * <ul>
 *   <li>transfers (binary or JSON form): a fresh 5 MiB blob ({@link FreshBlobs}) uploaded,
 *       downloaded and compared byte for byte; every {@code hookEvery}-th transfer of either form
 *       registers a hash webhook between upload and download
 *   <li>drops: a random drop stored ({@code POST /v2/drop}, key), picked up without a key and
 *       compared; a pickup refused with 429 (the relay's per-address pickup limit) is counted as a
 *       refusal and retried a second later
 *   <li>log reads, in turn: {@code GET /v2/ct/sth} (the tree size must never shrink), one leaf with
 *       its inclusion proof ({@code /v2/ct/leaves}) and a consistency proof ({@code
 *       /v2/ct/proof/consistency}) up to the last tree size read
 * </ul>
 *
 * Refusals are 429 and 503 answers (quota, capacity, rate limits: documented outcomes); every other
 * failure is an error.
 */
final class SoakTraffic {

  private static final Duration REFUSED_PAUSE = Duration.ofSeconds(1);
  private static final int BLOB = FreshBlobs.SIZE;
  private static final HexFormat HEX = HexFormat.of();
  private static final Pattern TREE_SIZE = Pattern.compile("\"tree_size\"\\s*:\\s*(\\d+)");

  /** Operations per second of each activity (0: off), the webhook share and the drop size. */
  record Rates(
      double binary, double json, double drops, double logReads, int hookEvery, int dropSize) {}

  /** An activity's step; its I/O failures are errors of the activity. */
  private interface Step {
    void run() throws IOException, InterruptedException;
  }

  final Tally binary = new Tally("binary");
  final Tally json = new Tally("json");
  final Tally hooks = new Tally("webhooks");
  final Tally events = new Tally("events");
  final Tally drops = new Tally("drops");
  final Tally log = new Tally("log reads");
  final List<Tally> tallies = List.of(binary, json, hooks, events, drops, log);

  private final BenchOptions options;
  private final Rates rates;
  private final Arrivals arrivals;
  private final List<Thread> activities = new ArrayList<>();
  private final SplittableRandom seeds = new SplittableRandom();
  private volatile long stopAt = Long.MAX_VALUE;
  private long transfers; // guarded by this
  private volatile long dropsLeft;

  /**
   * @param fleet the connected sockets, or null (no events awaited)
   * @param sink the webhook receiver, or null (no webhooks registered)
   * @param deliveries where {@code sink} reports to
   */
  SoakTraffic(
      BenchOptions options,
      Rates rates,
      SocketFleet fleet,
      WebhookSink sink,
      Deliveries deliveries) {
    this.options = options;
    this.rates = rates;
    this.arrivals = new Arrivals(fleet, sink, deliveries, events, hooks);
  }

  /** Starts every activity with a rate; they stop by themselves at {@code stopAt} (nanoTime). */
  void start(long stopAt) {
    this.stopAt = stopAt;
    if (rates.binary() > 0) {
      activity("soak-binary", rates.binary(), binary, transfers(false));
    }
    if (rates.json() > 0) {
      activity("soak-json", rates.json(), json, transfers(true));
    }
    if (rates.drops() > 0) {
      activity("soak-drops", rates.drops(), drops, drops());
    }
    if (rates.logReads() > 0) {
      activity("soak-log", rates.logReads(), log, logReads());
    }
    arrivals.start();
  }

  /**
   * Waits for the activities to end (each finishes its request in flight), then for what they await
   * (see {@link Arrivals#stop}).
   */
  void awaitEnd() throws InterruptedException {
    for (Thread t : activities) {
      t.join();
    }
    arrivals.stop();
  }

  /** Awaited events and webhooks not settled yet. */
  int pending() {
    return arrivals.pending();
  }

  /** Drops still stored at the end because their pickups were refused until then. */
  long dropsLeft() {
    return dropsLeft;
  }

  // ---------------------------------------------------------------- activities

  private void activity(String name, double perSecond, Tally tally, Step step) {
    long interval = Math.max(1, (long) (1e9 / perSecond));
    activities.add(
        daemon(
            name,
            () -> {
              long next = System.nanoTime();
              while (true) {
                long now = System.nanoTime();
                if (next < now - interval) {
                  next = now; // behind by more than a slot: skip, no burst
                }
                if (next >= stopAt) {
                  return;
                }
                try {
                  if (next > now) {
                    Thread.sleep((next - now) / 1_000_000, (int) ((next - now) % 1_000_000));
                  }
                  next += interval;
                  step.run();
                } catch (IOException | RuntimeException e) {
                  tally.error(1, e.toString());
                } catch (InterruptedException e) {
                  return;
                }
              }
            }));
  }

  private Step transfers(boolean asJson) {
    Tally tally = asJson ? json : binary;
    FreshBlobs blobs = new FreshBlobs(seeds.nextLong(), asJson, options.ttlMs);
    blobs.next();
    blobs.selfCheck();
    RelayClient client = new RelayClient(options.relay, options.key, options.ttlMs);
    byte[] received = new byte[BLOB + 1];
    return () -> {
      String hash = blobs.next();
      boolean hooked;
      synchronized (this) {
        hooked =
            arrivals.webhooks() && rates.hookEvery() > 0 && ++transfers % rates.hookEvery() == 0;
      }
      SocketFleet.Pending announced = arrivals.expectEvents(hash);
      RelayClient.Reply up;
      try {
        up = asJson ? client.uploadJson(blobs.json()) : client.uploadBinary(hash, blobs.blob());
      } catch (IOException e) {
        arrivals.uploadFailed(hash);
        throw e;
      }
      if (!up.ok()) {
        arrivals.uploadFailed(hash);
        refusedOrError(tally, "upload: " + up, up.status());
        return;
      }
      arrivals.awaitEvents(hash, announced);
      Deliveries.Hook hook = hooked ? register(client, hash) : null;
      boolean right = false;
      try {
        RelayClient.Reply down = client.download(hash, received);
        if (!down.ok()) {
          tally.error(1, "download: " + down);
        } else if (down.length() != BLOB
            || !Arrays.equals(received, 0, BLOB, blobs.blob(), 0, BLOB)) {
          tally.error(1, "downloaded bytes differ from the uploaded blob " + hash);
        } else {
          tally.done(1);
          right = true;
        }
      } finally {
        if (hook != null && right) {
          arrivals.awaitWebhook(hash, hook);
        } else if (hook != null) {
          arrivals.downloadFailed(hash); // no webhook for a blob not delivered
        }
      }
    };
  }

  /** A hash webhook for the stored blob {@code hash}; null if not registered. */
  private Deliveries.Hook register(RelayClient client, String hash)
      throws IOException, InterruptedException {
    HttpResponse<String> r =
        client.postJson(
            "/v2/webhook",
            "{\"hash\":\"" + hash + "\",\"callback_url\":\"" + arrivals.callback() + "\"}");
    if (r.statusCode() != 200) {
      refusedOrError(hooks, "registration: " + reply(r), r.statusCode());
      return null;
    }
    return arrivals.expectWebhook(hash);
  }

  private Step drops() {
    RelayClient client = new RelayClient(options.relay, options.key, options.ttlMs);
    SplittableRandom random = seeds.split();
    byte[] payload = new byte[rates.dropSize()];
    byte[] received = new byte[rates.dropSize() + 1];
    byte[] id = new byte[32];
    return () -> {
      random.nextBytes(payload);
      random.nextBytes(id);
      String dropId = HEX.formatHex(id);
      HttpResponse<String> stored =
          client.postJson(
              "/v2/drop",
              "{\"id\":\""
                  + dropId
                  + "\",\"payload\":\""
                  + Base64.getEncoder().encodeToString(payload)
                  + "\",\"ttl_ms\":"
                  + options.ttlMs
                  + "}");
      if (stored.statusCode() != 200) {
        refusedOrError(drops, "drop: " + reply(stored), stored.statusCode());
        return;
      }
      while (true) {
        RelayClient.Reply down = client.pickup(dropId, received);
        if (down.status() == 429) {
          drops.refused();
          if (System.nanoTime() + REFUSED_PAUSE.toNanos() >= stopAt) {
            dropsLeft++; // left to its TTL
            return;
          }
          Thread.sleep(REFUSED_PAUSE.toMillis());
        } else if (!down.ok()) {
          drops.error(1, "pickup: " + down);
          return;
        } else if (down.length() != payload.length
            || !Arrays.equals(received, 0, payload.length, payload, 0, payload.length)) {
          drops.error(1, "picked-up bytes differ from the drop " + dropId);
          return;
        } else {
          drops.done(1);
          return;
        }
      }
    };
  }

  private Step logReads() {
    RelayClient client = new RelayClient(options.relay, options.key, options.ttlMs);
    SplittableRandom random = seeds.split();
    long[] state = {0, 0}; // reads so far, last tree size read
    return () -> {
      long turn = state[0]++ % 3;
      long size = state[1];
      String path;
      String expect;
      if (turn == 0 || size < 1) {
        path = "/v2/ct/sth";
        expect = "\"root_hash\"";
      } else if (turn == 1) {
        long i = random.nextLong(size);
        path = "/v2/ct/leaves?from=" + i + "&to=" + (i + 1);
        expect = "\"inclusion_proof\"";
      } else {
        path = "/v2/ct/proof/consistency?first=" + (1 + random.nextLong(size)) + "&second=" + size;
        expect = "\"proof\"";
      }
      HttpResponse<String> r = client.get(path);
      if (r.statusCode() != 200) {
        refusedOrError(log, "GET " + path + ": " + reply(r), r.statusCode());
        return;
      }
      String body = r.body();
      if (!body.contains(expect)) {
        log.error(1, "GET " + path + " without " + expect + ": " + RelayClient.shorten(body));
        return;
      }
      if (path.equals("/v2/ct/sth")) {
        Matcher m = TREE_SIZE.matcher(body);
        long read = m.find() ? Long.parseLong(m.group(1)) : -1;
        if (read < size) {
          log.error(1, "tree size " + read + " after " + size + ": " + RelayClient.shorten(body));
          return;
        }
        state[1] = read;
      }
      log.done(1);
    };
  }

  private void refusedOrError(Tally tally, String what, int status) throws InterruptedException {
    if (status == 429 || status == 503) {
      tally.refused();
      Thread.sleep(200);
    } else {
      tally.error(1, what);
    }
  }

  private static String reply(HttpResponse<String> r) {
    return "HTTP " + r.statusCode() + " " + RelayClient.shorten(r.body());
  }

  private static Thread daemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
    return t;
  }
}
