package io.paramant.client.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/**
 * The {@code paramant} command line: a thin layer over the SDK in {@code io.paramant.client}. One
 * class per command, registered in {@link #SUBCOMMANDS} below; each is a {@code Callable<Integer>}
 * that returns {@link ExitCodes#OK} and lets failures propagate as the SDK's typed exceptions,
 * which are reported here, in one line, with the exit code of {@link ExitCodes}.
 */
@Command(
    name = "paramant",
    mixinStandardHelpOptions = true,
    versionProvider = Paramant.Version.class,
    description = "Paramant client: post-quantum end-to-end encrypted file relay.")
public final class Paramant {

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Print the stack trace of an error.")
  private boolean verbose;

  /** The commands, in the order the usage lists them. */
  static final List<Class<?>> SUBCOMMANDS =
      List.of(
          SendCommand.class,
          ReceiveCommand.class,
          WatchCommand.class,
          DropCommand.class,
          PickupCommand.class,
          KeysCommand.class,
          DidCommand.class,
          NotaryCommand.class,
          StreamCommand.class,
          ScanCommand.class,
          VerifyCommand.class,
          AuditCommand.class,
          AdminCommand.class,
          LicenceCommand.class,
          CommandLine.HelpCommand.class);

  private Paramant() {}

  public static void main(String[] args) {
    System.exit(commandLine(args).execute(args));
  }

  /**
   * The configured command line; {@link CommandLine#execute} runs one command and says its exit
   * code.
   */
  static CommandLine commandLine() {
    return build(SUBCOMMANDS);
  }

  /**
   * The command line for {@code args}: with only the command they name when they name one (and not
   * {@code help}), since building picocli's model of every command (options, mixins, descriptions)
   * is a good part of a short command's start-up; with all of them otherwise. A command runs the
   * same either way: it does not see its siblings.
   */
  static CommandLine commandLine(String[] args) {
    String first = Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst().orElse(null);
    for (Class<?> command : SUBCOMMANDS) {
      if (command != CommandLine.HelpCommand.class
          && command.getAnnotation(Command.class).name().equals(first)) {
        return build(List.of(command));
      }
    }
    return build(SUBCOMMANDS);
  }

  private static CommandLine build(List<Class<?>> subcommands) {
    CommandLine cli = new CommandLine(new Paramant());
    subcommands.forEach(cli::addSubcommand);
    cli.setExecutionExceptionHandler(Paramant::failed);
    cli.setParameterExceptionHandler(Paramant::misused);
    // the licence tool parses its own options (and --help)
    CommandLine licence = cli.getSubcommands().get("licence");
    if (licence != null) {
      licence.setUnmatchedOptionsArePositionalParams(true);
    }
    describeExitCodes(cli);
    return cli;
  }

  private static void describeExitCodes(CommandLine command) {
    command
        .getCommandSpec()
        .usageMessage()
        .exitCodeListHeading("%nExit codes:%n")
        .exitCodeList(ExitCodes.TABLE);
    command.getSubcommands().values().forEach(Paramant::describeExitCodes);
  }

  private static int failed(Exception failure, CommandLine command, ParseResult parsed) {
    PrintWriter err = command.getErr();
    err.println(command.getCommandSpec().qualifiedName() + ": " + ExitCodes.message(failure));
    // An inherited option sets the root's field wherever on the command line it is given.
    if (((Paramant) command.getCommandSpec().root().userObject()).verbose) {
      failure.printStackTrace(err);
    }
    return ExitCodes.of(failure);
  }

  private static int misused(ParameterException failure, String[] args) {
    CommandLine command = failure.getCommandLine();
    PrintWriter err = command.getErr();
    String name = command.getCommandSpec().qualifiedName();
    err.println(name + ": " + failure.getMessage() + " (see '" + name + " --help')");
    // Parsing stopped at the error, maybe before it reached --verbose: look at the arguments.
    if (Arrays.asList(args).contains("--verbose")) {
      failure.printStackTrace(err);
    }
    return ExitCodes.USAGE;
  }

  /** The version in the jar's manifest, or none when run from a build's classes. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Paramant.class.getPackage().getImplementationVersion();
      return new String[] {"paramant " + (version != null ? version : "(development build)")};
    }
  }
}
