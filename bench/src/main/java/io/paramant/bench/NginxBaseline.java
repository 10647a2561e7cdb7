package io.paramant.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The yardstick of {@link TransferBenchmark}: how fast this machine moves a 5 MiB blob once, as
 * nginx serving a static file of that size to the same HTTP client, measured in the same run. nginx
 * runs from a temporary prefix (its own configuration, pid and log files, the blob), bound to
 * 127.0.0.1 on a free port, with its stock settings for a static file (no {@code sendfile}, so the
 * bytes are copied through user space once, as the relay must: it keeps blobs in RAM, not in
 * files), {@code worker_processes auto}; it is stopped and its files removed afterwards. Its CPU is
 * that of the master and every worker, from {@code /proc}.
 *
 * <p>A relay round trip moves a blob twice (in, then out), so half of nginx's GET rate is the
 * ceiling the relay's round trips are compared with; the target is a binary round-trip rate
 * of at least a quarter of nginx's GET rate (half the two-move ceiling).
 */
final class NginxBaseline {

  /** What one baseline run measured. */
  record Result(double getsPerSecond, long gets, double nginxMsPerGet, Latencies.Summary latency) {}

  private static final int BLOB = FreshBlobs.SIZE;
  private static final Report.Layout LATENCY = new Report.Layout("latency ms", 11, "n", 6, 1);

  private final Path nginx;

  NginxBaseline(Path nginx) {
    this.nginx = nginx;
  }

  /**
   * Starts nginx, lets {@code clients} threads GET the blob for {@code warmup} + {@code seconds},
   * prints the figures and stops nginx.
   *
   * @return the result, or {@code null} when nginx cannot be run (printed)
   */
  Result measure(int clients, int seconds, int warmup) throws IOException, InterruptedException {
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "== baseline: nginx (%s), static 5 MiB GET, %d client(s), %d s measured after %d s warm-up ==%n",
        nginx,
        clients,
        seconds,
        warmup);
    if (!Files.isExecutable(nginx)) {
      System.out.println(
          "nginx baseline: " + nginx + " is not there (apt-get install nginx-light); no ratio");
      return null;
    }
    Path prefix = Files.createTempDirectory("paramant-nginx-baseline");
    Process process = null;
    try {
      byte[] blob = new FreshBlobs(System.nanoTime(), false, 1).blob().clone();
      Files.createDirectories(prefix.resolve("www"));
      Files.createDirectories(prefix.resolve("logs"));
      Files.write(prefix.resolve("www/blob"), blob);
      // nginx started by root runs its workers as nobody: they must be able to read the blob
      Files.setPosixFilePermissions(prefix, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.setPosixFilePermissions(
          prefix.resolve("www"), PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.setPosixFilePermissions(
          prefix.resolve("www/blob"), PosixFilePermissions.fromString("rw-r--r--"));
      int port = freePort();
      Files.writeString(prefix.resolve("nginx.conf"), config(prefix, port), StandardCharsets.UTF_8);
      process =
          new ProcessBuilder(
                  nginx.toString(),
                  "-p",
                  prefix.toString(),
                  "-c",
                  prefix.resolve("nginx.conf").toString(),
                  "-e",
                  prefix.resolve("logs/error.log").toString())
              .redirectErrorStream(true)
              .redirectOutput(prefix.resolve("logs/stdout.log").toFile())
              .start();
      URI base = URI.create("http://127.0.0.1:" + port);
      if (!answers(base, blob, process)) {
        System.out.println(
            "nginx baseline: nginx did not serve the blob; its log: "
                + Files.readString(prefix.resolve("logs/error.log")).strip());
        return null;
      }
      return run(base, blob, process.pid(), clients, seconds, warmup);
    } finally {
      if (process != null) {
        process.destroy(); // SIGTERM: nginx's fast shutdown, workers included
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
        }
      }
      try (Stream<Path> files = Files.walk(prefix)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private Result run(URI base, byte[] blob, long master, int clients, int seconds, int warmup)
      throws InterruptedException {
    long start = System.nanoTime();
    long measureFrom = start + warmup * 1_000_000_000L;
    long stopAt = measureFrom + seconds * 1_000_000_000L;
    List<Client> all = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(clients);
    for (int i = 0; i < clients; i++) {
      Client client = new Client(base, blob);
      all.add(client);
      Thread thread =
          new Thread(
              () -> {
                try {
                  client.run(measureFrom, stopAt);
                } finally {
                  done.countDown();
                }
              },
              "nginx-client-" + i);
      thread.setDaemon(true);
      thread.start();
    }
    CpuAccount cpu = new CpuAccount(processTree(master));
    long untilMeasuring = measureFrom - System.nanoTime();
    if (untilMeasuring > 0) {
      TimeUnit.NANOSECONDS.sleep(untilMeasuring);
    }
    CpuAccount.Snapshot from = cpu.snapshot();
    done.await();
    CpuAccount.Snapshot to = cpu.snapshot();
    long gets = all.stream().mapToLong(c -> c.gets).sum();
    long errors = all.stream().mapToLong(c -> c.errors).sum();
    long lastEnd = all.stream().mapToLong(c -> c.lastEnd).max().orElse(stopAt);
    double perSecond = gets / (Math.max(lastEnd - measureFrom, 1) / 1e9);
    System.out.printf(
        Locale.ROOT,
        "GETs          %d = %.1f /s, %.1f MB/s   (errors or wrong bytes %d)%n",
        gets,
        perSecond,
        perSecond * BLOB / 1e6,
        errors);
    System.out.println(
        CpuAccount.report(from, to, gets).replace("relay", "nginx").replace("round trip", "GET"));
    double nginxMs = gets == 0 ? Double.NaN : (to.relay() - from.relay()) * 1000 / gets;
    Latencies.Summary latency =
        Report.table(
                "",
                LATENCY,
                List.of(
                    java.util.Map.entry(
                        "GET", Latencies.merge(all.stream().map(c -> c.latency).toList()))))
            .get(0);
    return errors > 0 ? null : new Result(perSecond, gets, nginxMs, latency);
  }

  /**
   * The ratio lines for a relay mode measured after this baseline: its round trips per second
   * against nginx's GETs per second and against the two-move ceiling (half the GET rate).
   */
  static String ratio(Result nginx, double roundTripsPerSecond) {
    double ofGets = 100 * roundTripsPerSecond / nginx.getsPerSecond();
    return String.format(
        Locale.ROOT,
        "vs nginx      %.1f round trips/s = %.1f %% of nginx's %.1f GET/s (%.1f %% of the two-move ceiling"
            + " of %.1f round trips/s); nginx CPU %.2f ms per GET",
        roundTripsPerSecond,
        ofGets,
        nginx.getsPerSecond(),
        2 * ofGets,
        nginx.getsPerSecond() / 2,
        nginx.nginxMsPerGet());
  }

  private static String config(Path prefix, int port) {
    return String.join(
        "\n",
        "daemon off;",
        "worker_processes auto;",
        "pid " + prefix.resolve("nginx.pid") + ";",
        "events { worker_connections 256; }",
        "http {",
        "  access_log off;",
        "  client_body_temp_path " + prefix.resolve("logs") + ";",
        "  proxy_temp_path " + prefix.resolve("logs") + ";",
        "  fastcgi_temp_path " + prefix.resolve("logs") + ";",
        "  uwsgi_temp_path " + prefix.resolve("logs") + ";",
        "  scgi_temp_path " + prefix.resolve("logs") + ";",
        "  keepalive_requests 1000000;",
        "  server {",
        "    listen 127.0.0.1:" + port + ";",
        "    root " + prefix.resolve("www") + ";",
        "    default_type application/octet-stream;",
        "  }",
        "}",
        "");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return socket.getLocalPort();
    }
  }

  /** Waits up to 10 s until nginx serves the exact blob. */
  private static boolean answers(URI base, byte[] blob, Process process)
      throws InterruptedException {
    RelayClient client = new RelayClient(base, "", 1);
    byte[] into = new byte[BLOB + 1];
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline && process.isAlive()) {
      try {
        RelayClient.Reply reply = client.fetch("/blob", into);
        if (reply.ok()) {
          return reply.length() == BLOB && Arrays.equals(into, 0, BLOB, blob, 0, BLOB);
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    return false;
  }

  /** nginx's master and its workers (the processes whose parent is the master). */
  private static List<Long> processTree(long master) {
    List<Long> pids = new ArrayList<>(List.of(master));
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path proc : procs.toList()) {
        String name = proc.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        try {
          String stat = Files.readString(proc.resolve("stat"));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split("\\s+");
          if (Long.parseLong(f[1]) == master) { // f[1]: the parent's pid
            pids.add(Long.parseLong(name));
          }
        } catch (IOException | RuntimeException gone) {
          // a process that ended while listed
        }
      }
    } catch (IOException e) {
      // no /proc: the master alone (figures are -1 without /proc anyway)
    }
    return pids;
  }

  /** One client thread: GETs of the blob, each checked for length and, once, for its bytes. */
  private static final class Client {
    final RelayClient http;
    final byte[] blob;
    final byte[] into = new byte[BLOB + 1];
    final Latencies latency = new Latencies();
    long gets;
    long errors;
    long lastEnd;

    Client(URI base, byte[] blob) {
      this.http = new RelayClient(base, "", 1);
      this.blob = blob;
    }

    void run(long measureFrom, long stopAt) {
      boolean checked = false;
      while (System.nanoTime() < stopAt) {
        try {
          long t0 = System.nanoTime();
          RelayClient.Reply reply = http.fetch("/blob", into);
          long t1 = System.nanoTime();
          if (!reply.ok() || reply.length() != BLOB) {
            errors++;
            continue;
          }
          if (!checked) {
            checked = true;
            if (!Arrays.equals(into, 0, BLOB, blob, 0, BLOB)) {
              errors++;
            }
          }
          if (t0 >= measureFrom) {
            gets++;
            latency.record(t1 - t0);
            lastEnd = t1;
          }
        } catch (IOException e) {
          errors++;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
