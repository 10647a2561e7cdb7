package io.paramant.client.cli;

import io.paramant.client.Progress;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --no-progress} (a picocli mixin) for the commands that move a file: send, receive, drop,
 * pickup.
 */
final class ProgressOption {

  @Spec(Spec.Target.MIXEE)
  private CommandSpec spec;

  @Option(
      names = "--no-progress",
      description =
          "Never show progress. Without it, a transfer that runs for more than a second shows bytes,"
              + " rate and time left on standard error when that is a terminal"
              + " ($PARAMANT_PROGRESS=always|never overrides the terminal test).")
  private boolean noProgress;

  /** This command's progress listener, or none. */
  Progress.Listener listener() {
    return ProgressBar.of(spec.commandLine().getErr(), spec.qualifiedName(), noProgress);
  }
}
