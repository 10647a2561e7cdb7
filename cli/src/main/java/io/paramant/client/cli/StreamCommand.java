package io.paramant.client.cli;

import io.paramant.client.BlobAnnouncement;
import io.paramant.client.DeviceAuth;
import io.paramant.client.EnvelopeException;
import io.paramant.client.GhostPipe;
import io.paramant.client.PushStream;
import io.paramant.client.ReceivedFile;
import io.paramant.client.RelayRequestException;
import io.paramant.client.SenderSignatureException;
import io.paramant.client.StreamListener;
import io.paramant.client.TransferException;
import io.paramant.client.UnsignedTransfers;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code paramant stream [--to-dir DIR]}: {@link GhostPipe#stream} until interrupted. */
@Command(
    name = "stream",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Listens to the relay's push stream and prints a line 'blob_ready HASH SIZE' for every blob"
          + " stored for this account and device (blobs that name no device included). With"
          + " --to-dir, also receives each announced blob and prints 'received PATH' when a file is"
          + " complete; the chunks of a multi-chunk file are put together as they are announced.",
      "Runs until it is interrupted (Ctrl-C). A dropped connection is reopened after a pause;"
          + " blobs announced meanwhile are not repeated (receive them by their transfer id). A"
          + " revoked or invalid key ends it with exit 3.",
      "Also runs the owner's key monitor (as 'keys monitor') at start and every"
          + " --monitor-interval; a key substituted for this device ends it with exit 7."
    })
final class StreamCommand implements Callable<Integer> {

  private static final int UNAUTHORIZED = 4401;
  private static final long MAX_PAUSE_MS = 30_000;

  @Spec private CommandSpec spec;

  @Mixin private ClientOptions client;

  @Mixin private AuthOption auth;

  @Mixin private KeyMonitorSchedule monitor;

  @Option(
      names = "--to-dir",
      paramLabel = "DIR",
      description = "Receive every announced blob into this directory.")
  private Path directory;

  @Option(
      names = "--allow-unsigned",
      description =
          "With --to-dir: accept files whose sender did not sign them. Without it, a file must be"
              + " signed by a device of this device's namespace whose keys the log proves; a"
              + " refused file is reported and skipped. Covers every file of this stream (a"
              + " refused blob is burned by its download and cannot be accepted later).")
  private boolean allowUnsigned;

  /** The end of one socket. */
  private record Closed(int code) {}

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    StreamListener listener =
        new StreamListener() {
          @Override
          public void onAnnouncement(BlobAnnouncement announcement) {
            events.add(announcement);
          }

          @Override
          public void onClose(int code, String reason) {
            events.add(new Closed(code));
          }

          @Override
          public void onError(Throwable error) {
            events.add(new Closed(-1));
          }
        };
    try (GhostPipe pipe = client.pipe(true, null, auth.auth())) {
      long pause = 1_000;
      // a device whose keys were substituted should not wait for what is sealed to them
      monitor.scanIfDue(pipe, client, "paramant stream", err);
      PushStream stream = pipe.stream(listener);
      err.println("paramant stream: listening");
      err.flush();
      while (true) {
        monitor.scanIfDue(pipe, client, "paramant stream", err);
        Object event = events.poll(monitor.millisUntilDue(), TimeUnit.MILLISECONDS);
        if (event instanceof BlobAnnouncement announcement) {
          out.println("blob_ready " + announcement.hash() + " " + announcement.size());
          out.flush();
          if (directory != null) {
            receive(pipe, announcement, out, err);
          }
          pause = 1_000;
        } else if (event instanceof Closed closed) {
          stream.close();
          if (closed.code() == UNAUTHORIZED) {
            throw new RelayRequestException(
                "the relay closed the stream (4401): the "
                    + (auth.auth() == DeviceAuth.DID ? "DID's account" : "API key")
                    + " is not valid or was revoked",
                null);
          }
          stream =
              reconnect(
                  () -> pipe.stream(listener),
                  () -> monitor.scanIfDue(pipe, client, "paramant stream", err),
                  pause,
                  err);
          pause = Math.min(2 * pause, MAX_PAUSE_MS);
        }
      }
    }
  }

  private void receive(
      GhostPipe pipe, BlobAnnouncement announcement, PrintWriter out, PrintWriter err) {
    try {
      Optional<ReceivedFile> file =
          pipe.receive(
              announcement,
              directory,
              allowUnsigned ? UnsignedTransfers.ACCEPT : UnsignedTransfers.REFUSE);
      file.ifPresent(
          received -> {
            out.println("received " + received.path());
            out.println(ReceiveCommand.from(received.sender()));
          });
      out.flush();
    } catch (EnvelopeException
        | TransferException
        | RelayRequestException
        | SenderSignatureException e) {
      err.println("paramant stream: blob " + announcement.hash() + ": " + ExitCodes.message(e));
      err.flush();
    }
  }

  /**
   * Opens the stream again, pausing between attempts, until the relay lets it. The key monitor
   * keeps its schedule meanwhile ({@code scanIfDue} before every attempt): a relay that refuses
   * every new stream would otherwise keep this loop going and the owner's monitor off for good.
   */
  static PushStream reconnect(
      Supplier<PushStream> open, Runnable scanIfDue, long pause, PrintWriter err)
      throws InterruptedException {
    while (true) {
      scanIfDue.run();
      err.println("paramant stream: connection closed; reconnecting in " + pause / 1000 + " s");
      err.flush();
      Thread.sleep(pause);
      try {
        return open.get();
      } catch (RelayRequestException e) {
        err.println("paramant stream: " + e.getMessage());
        pause = Math.min(2 * pause, MAX_PAUSE_MS);
      }
    }
  }
}
