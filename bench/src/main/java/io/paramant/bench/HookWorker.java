package io.paramant.bench;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * One thread of {@link WebhookBenchmark}: uploads a blob, (registers a hash webhook for it,)
 * downloads it, and leaves a {@link Deliveries.Hook} that awaits its deliveries.
 */
final class HookWorker {

  private final BlobSender sender;
  private final String device;
  private final int perBlob;
  private final String hashCallback;
  private final Deliveries awaited;
  final List<Deliveries.Hook> hooks = new ArrayList<>();
  private final List<String> hashes = new ArrayList<>();
  final Latencies downloadTime = new Latencies();
  long downloads;
  long failures;
  long wrongBytes;
  String firstError;

  /**
   * @param device the device the blobs are addressed to (device mode), or null (hash mode: each
   *     blob gets a registration for {@code hashCallback})
   * @param perBlob deliveries per blob
   * @param awaited where the receiver finds the hook of a delivered hash
   */
  HookWorker(
      BlobSender sender, String device, int perBlob, String hashCallback, Deliveries awaited) {
    this.sender = sender;
    this.device = device;
    this.perBlob = perBlob;
    this.hashCallback = hashCallback;
    this.awaited = awaited;
  }

  /** One blob through the relay; the hook whose deliveries are awaited, or null on failure. */
  Deliveries.Hook roundTrip() throws IOException, InterruptedException {
    String hash = sender.next();
    Deliveries.Hook hook = new Deliveries.Hook(perBlob);
    RelayClient.Reply up = sender.client.uploadBinary(hash, sender.blob, device);
    if (!up.ok()) {
      error("upload: " + up);
      if (up.status() == 503) {
        Thread.sleep(200);
      }
      return null;
    }
    if (device == null) {
      HttpResponse<String> r =
          sender.client.postJson(
              "/v2/webhook",
              "{\"hash\":\"" + hash + "\",\"callback_url\":\"" + hashCallback + "\"}");
      if (r.statusCode() != 200) {
        error("registration: HTTP " + r.statusCode() + " " + r.body());
        sender.fetch(hash, e -> {});
        return null;
      }
    }
    hooks.add(hook);
    hashes.add(hash);
    awaited.expect(hash, hook);
    long t0 = System.nanoTime();
    RelayClient.Reply down = sender.client.download(hash, sender.received);
    long t1 = System.nanoTime();
    if (!down.ok()) {
      error("download: " + down);
      return null;
    }
    hook.downloadedAt.set(t1);
    downloadTime.record(t1 - t0);
    downloads++;
    if (!sender.receivedBlob(down.length())) {
      wrongBytes++;
    }
    return hook;
  }

  /** The counts of several workers together. */
  record Totals(
      Latencies downloadTime, long downloads, long failures, long wrongBytes, String firstError) {

    static Totals of(List<HookWorker> workers) {
      List<Latencies> times = new ArrayList<>();
      long downloads = 0;
      long failures = 0;
      long wrongBytes = 0;
      String firstError = null;
      for (HookWorker w : workers) {
        times.add(w.downloadTime);
        downloads += w.downloads;
        failures += w.failures;
        wrongBytes += w.wrongBytes;
        if (firstError == null) {
          firstError = w.firstError;
        }
      }
      return new Totals(Latencies.merge(times), downloads, failures, wrongBytes, firstError);
    }
  }

  void error(String what) {
    failures++;
    if (firstError == null) {
      firstError = what;
    }
  }

  /** Stops awaiting this worker's hooks. */
  void forget() {
    hashes.forEach(awaited::forget);
  }
}
