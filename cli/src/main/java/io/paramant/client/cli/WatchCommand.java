package io.paramant.client.cli;

import io.paramant.client.EnvelopeException;
import io.paramant.client.FileInfo;
import io.paramant.client.GhostPipe;
import io.paramant.client.RelayRequestException;
import io.paramant.client.Transfer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code paramant watch DIR --to DEVICE}: sends every new file of a directory once. */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Watches DIR and sends every new regular file in it (hidden files and subdirectories are"
          + " left alone) to DEVICE, once: a file is sent when its size and modification time have"
          + " not changed for one poll, and recorded in the state directory, so that a restarted"
          + " watch sends nothing twice. A file that changes later is sent again. Prints"
          + " 'TRANSFER_ID NAME' per file sent.",
      "With --heartbeat SECONDS (for IoT senders), also sends a small heartbeat file"
          + " (heartbeat-DEVICE-TIME.json) every SECONDS, kept by the relay for twice that long"
          + " (at least a minute), so that the receiver notices a sender that went silent.",
      "Runs until interrupted; --once makes one pass and exits.",
      "With --device, also runs the owner's key monitor (as 'keys monitor') at start and every"
          + " --monitor-interval; a key substituted for this device ends it with exit 7."
    })
final class WatchCommand implements Callable<Integer> {

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  @Spec private CommandSpec spec;

  @Mixin private ClientOptions client;

  @Mixin private AuthOption auth;

  @Mixin private KeyMonitorSchedule monitor;

  @Parameters(paramLabel = "DIR", description = "The directory to watch.")
  private Path directory;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "DEVICE",
      description = "The receiving device.")
  private String to;

  @Option(
      names = "--interval",
      paramLabel = "SECONDS",
      defaultValue = "2",
      description = "Seconds between two looks at the directory (default: ${DEFAULT-VALUE}).")
  private int interval;

  @Option(
      names = "--heartbeat",
      paramLabel = "SECONDS",
      description = "Also send a heartbeat file every SECONDS.")
  private Integer heartbeat;

  @Option(
      names = "--ttl",
      paramLabel = "DURATION",
      converter = TtlConverter.class,
      description = "How long the relay keeps each file's blobs (default: the plan's, 1h).")
  private Duration ttl;

  @Option(names = "--once", description = "Look once, send what is new, and exit.")
  private boolean once;

  private final Map<String, WatchState.Version> lastSeen = new HashMap<>();
  private final Map<String, WatchState.Version> refused = new HashMap<>();
  private int filesSent;

  @Override
  public Integer call() throws InterruptedException {
    if (interval < 1 || heartbeat != null && heartbeat < 1) {
      throw client.usage("--interval and --heartbeat are at least 1 second");
    }
    if (!Files.isDirectory(directory)) {
      throw client.usage("not a directory: " + directory);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (GhostPipe pipe = client.pipe(true, null, auth.auth())) {
      WatchState state =
          WatchState.open(client.stateDirectory(), pipe.relay().toString(), to, directory);
      long nextHeartbeat = 0;
      while (true) {
        monitor.scanIfDue(pipe, client, "paramant watch", err);
        if (heartbeat != null && System.currentTimeMillis() >= nextHeartbeat) {
          nextHeartbeat = System.currentTimeMillis() + heartbeat * 1000L;
          beat(pipe, out, err);
        }
        for (Path file : candidates()) {
          sendIfNew(pipe, state, file, out, err);
        }
        if (once) {
          return ExitCodes.OK;
        }
        Thread.sleep(interval * 1000L);
      }
    }
  }

  private void sendIfNew(
      GhostPipe pipe, WatchState state, Path file, PrintWriter out, PrintWriter err) {
    String name = file.getFileName().toString();
    WatchState.Version version;
    try {
      BasicFileAttributes attributes =
          Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      version = new WatchState.Version(attributes.size(), attributes.lastModifiedTime().toMillis());
    } catch (IOException e) {
      return; // gone meanwhile
    }
    if (state.isSent(name, version) || version.equals(refused.get(name))) {
      return;
    }
    WatchState.Version before = lastSeen.put(name, version);
    if (!once && !version.equals(before)) {
      return; // still being written, perhaps: wait until it stays the same for one poll
    }
    try {
      Transfer transfer = pipe.send(file, to, ttl);
      state.record(name, version, transfer.id());
      filesSent++;
      out.println(transfer.id() + " " + name);
      out.flush();
    } catch (RelayRequestException e) {
      err.println("paramant watch: " + name + ": " + e.getMessage() + " (will try again)");
      err.flush();
    } catch (EnvelopeException e) {
      refused.put(name, version);
      // the name may be what was refused: printed escaped
      err.println(
          "paramant watch: " + FileInfo.escaped(name) + ": " + e.getMessage() + " (skipped)");
      err.flush();
    }
  }

  private void beat(GhostPipe pipe, PrintWriter out, PrintWriter err) {
    Instant now = Instant.now();
    String device = client.device().orElse("paramant");
    String content =
        "{\"type\":\"heartbeat\",\"device\":\""
            + device
            + "\",\"time\":\""
            + now
            + "\",\"files_sent\":"
            + filesSent
            + "}\n";
    Duration keep = Duration.ofSeconds(Math.max(60, 2L * heartbeat));
    try {
      Transfer transfer =
          pipe.send(
              content.getBytes(StandardCharsets.UTF_8),
              "heartbeat-" + device + "-" + STAMP.format(now) + ".json",
              to,
              keep);
      out.println(transfer.id() + " heartbeat");
      out.flush();
    } catch (RelayRequestException e) {
      err.println("paramant watch: heartbeat: " + e.getMessage() + " (will try again)");
      err.flush();
    }
  }

  /** The directory's regular, not hidden files, in name order. */
  private List<Path> candidates() {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
