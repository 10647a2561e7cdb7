package io.paramant.client.cli;

import io.paramant.client.GhostPipe;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code paramant pickup WORDS...}: {@link GhostPipe#pickup(CharSequence, Path)}. */
@Command(
    name = "pickup",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Picks up the anonymous drop of 12 words (no API key needed) and writes its file. A drop"
          + " is handed out once: a second pickup finds nothing (exit 6).",
      "Without WORDS, the words are read from the first line of standard input, which keeps them"
          + " out of the process list and the shell history."
    })
final class PickupCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private ClientOptions client;

  @Mixin private ProgressOption progress;

  @Parameters(
      paramLabel = "WORDS",
      arity = "0..*",
      description = "The 12 words (default: read from standard input).")
  private List<String> words;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE|DIR",
      description = OutputTarget.DESCRIPTION)
  private String output;

  @Override
  public Integer call() {
    String phrase =
        words != null && !words.isEmpty() ? String.join(" ", words) : Secrets.firstLineOfInput();
    if (phrase == null || phrase.isBlank()) {
      throw client.usage("no words: give the 12 words, or one line of them on standard input");
    }
    OutputTarget target = OutputTarget.of(output);
    // a drop cannot be picked up twice, so an interrupted pickup has nothing to resume
    Path into = target.receiveInto(".paramant-pickup-" + UUID.randomUUID());
    try (GhostPipe pipe = client.pipe(false, progress.listener())) {
      Path file = target.finish(pipe.pickup(phrase, into), into);
      spec.commandLine().getOut().println(file);
    } finally {
      target.removeIfEmpty(into);
    }
    return ExitCodes.OK;
  }
}
