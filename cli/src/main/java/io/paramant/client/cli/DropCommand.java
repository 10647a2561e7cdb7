package io.paramant.client.cli;

import io.paramant.client.GhostPipe;
import io.paramant.client.Mnemonic;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code paramant drop FILE}: {@link GhostPipe#drop(Path, Duration)}. */
@Command(
    name = "drop",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Leaves FILE (at most one 5 MiB blob, 5,234,688 bytes) as an anonymous drop and prints 12"
          + " words: whoever has them picks the file up once, without an API key"
          + " (paramant pickup). The words are the only key; the relay never sees them.",
      "Give the words to the receiver over another channel, and do not keep them."
    })
final class DropCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private ClientOptions client;

  @Mixin private ProgressOption progress;

  @Parameters(paramLabel = "FILE", description = "The file to leave.")
  private Path file;

  @Option(
      names = "--ttl",
      paramLabel = "DURATION",
      converter = TtlConverter.class,
      description =
          "How long the relay keeps the drop: 90s, 30m, 2h, 7d (default: the plan's, 1h).")
  private Duration ttl;

  @Override
  public Integer call() {
    try (GhostPipe pipe = client.pipe(true, progress.listener())) {
      Mnemonic words = pipe.drop(file, ttl);
      try {
        spec.commandLine().getOut().println(words.phrase());
      } finally {
        words.destroy();
      }
    }
    return ExitCodes.OK;
  }
}
