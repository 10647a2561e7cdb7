package io.paramant.client.cli;

import io.paramant.client.DeviceKeys;
import io.paramant.client.GhostPipe;
import io.paramant.client.SenderSigning;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The training run behind bin/paramant's class-data sharing archive (docs/cli.md, "Start-up"): run
 * once, in the background, with {@code -XX:ArchiveClassesAtExit}, it loads the classes a transfer
 * command needs without touching anything of the user's: it parses a send command line, generates a
 * throw-away device key pair, and sends a file to a relay that is not there (a closed loopback
 * port), so that the HTTP client, TLS defaults, JSON and the SDK's classes are loaded too. It
 * prints nothing and always exits 0: an archive is a speed-up, never a condition for a command to
 * work.
 */
final class CdsTraining {

  private CdsTraining() {}

  public static void main(String[] args) {
    Path temp = null;
    try {
      temp = Files.createTempDirectory("paramant-cds-");
      Path file = Files.write(temp.resolve("training.bin"), new byte[1024]);
      // parsed, not run: the command classes, their options and picocli's model
      var cli = Paramant.commandLine();
      cli.setOut(new PrintWriter(new StringWriter()));
      cli.setErr(new PrintWriter(new StringWriter()));
      cli.parseArgs("send", file.toString(), "--to", "cds-training");
      DeviceKeys keys = DeviceKeys.generate();
      keys.store(temp);
      try (GhostPipe pipe =
          GhostPipe.builder()
              // the discard port: nothing listens there on a client machine; refused at once
              .relay(URI.create("http://127.0.0.1:9/"))
              .stateDirectory(temp)
              .keyDirectory(temp)
              .apiKey("pgp_" + "0".repeat(64))
              .deviceId("cds-training")
              .retries(1, Duration.ofMillis(1), Duration.ofMillis(1))
              .build()) {
        pipe.send(file, "cds-training", null, SenderSigning.SIGNED);
      }
    } catch (Exception | LinkageError expected) {
      // the send cannot succeed; what it loaded on the way is what counts
    } finally {
      delete(temp);
    }
    System.exit(0);
  }

  private static void delete(Path directory) {
    if (directory == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (Exception ignored) {
      // a temporary directory left behind is harmless
    }
  }
}
