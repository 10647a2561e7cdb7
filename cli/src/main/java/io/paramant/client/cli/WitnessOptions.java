package io.paramant.client.cli;

import io.paramant.client.GhostPipe;
import io.paramant.client.LogVerifier;
import io.paramant.client.internal.ctlog.HashText;
import io.paramant.ct.witness.Cosignature;
import java.io.PrintWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/**
 * The witnesses every tree head a command relies on must be cosigned by (a picocli mixin, in {@link
 * ClientOptions} and {@code verify}): {@code --witness URL[=KEYID]}, {@code --quorum N}, {@code
 * --log-origin}; the environment fills in what the command line leaves out.
 *
 * <p>Decision (docs/cli.md, "Witnesses"): without a configured witness, no cosignature is required
 * (quorum 0): the client then checks its own view of the log only. Witnesses are not learned from
 * the relay, not even its deployment's sibling sectors, because a relay that chooses who vouches
 * for it proves nothing; the user names them. With witnesses, the quorum defaults to 1.
 */
final class WitnessOptions {

  static final String ENV_WITNESSES = "PARAMANT_WITNESSES";
  static final String ENV_QUORUM = "PARAMANT_QUORUM";

  @Option(
      names = "--witness",
      paramLabel = "URL[=KEYID]",
      converter = Witness.Converter.class,
      description =
          "A witness of the relay's log (repeatable): its base URL and, if known out of band, its"
              + " key id (64 hex digits); else its key is pinned from the witness on first use"
              + " (default: $"
              + ENV_WITNESSES
              + ", space-separated).")
  private List<Witness> witnesses = new ArrayList<>();

  @Option(
      names = "--quorum",
      paramLabel = "N",
      description =
          "How many distinct witnesses must have cosigned every head relied on, at most 10 minutes"
              + " ago (default: $"
              + ENV_QUORUM
              + ", else 1 with witnesses, 0 without).")
  private Integer quorum;

  @Option(
      names = "--log-origin",
      paramLabel = "ORIGIN",
      description =
          "The log's origin, the public base URL its witnesses cosign, when it differs from the"
              + " relay URL used here (default: the relay URL without the trailing slash).")
  private String origin;

  /** A witness as given: its URL and key id, or null to pin its key on first use. */
  record Witness(URI url, String keyId) {

    /** {@code URL[=KEYID]}: the key id is whatever follows the last {@code =}. */
    static final class Converter implements ITypeConverter<Witness> {
      @Override
      public Witness convert(String value) {
        int split = value.lastIndexOf('=');
        String keyId = null;
        if (split >= 0) {
          try {
            keyId = HashText.parse("a witness key id", value.substring(split + 1));
          } catch (IllegalArgumentException e) {
            throw new TypeConversionException(
                "expected URL[=KEYID], KEYID 64 hex digits: '" + value + "'");
          }
        }
        URI url =
            new RelayTarget.RelayUrl().convert(split >= 0 ? value.substring(0, split) : value);
        return new Witness(url, keyId);
      }
    }
  }

  /** The witnesses: {@code --witness}, else {@code $PARAMANT_WITNESSES}. */
  List<Witness> witnesses(CommandLine cli) {
    if (!witnesses.isEmpty()) {
      return witnesses;
    }
    String fromEnvironment = System.getenv(ENV_WITNESSES);
    List<Witness> configured = new ArrayList<>();
    if (fromEnvironment != null) {
      for (String one : fromEnvironment.strip().split("\\s+")) {
        if (!one.isEmpty()) {
          try {
            configured.add(new Witness.Converter().convert(one));
          } catch (TypeConversionException e) {
            throw new ParameterException(cli, "$" + ENV_WITNESSES + ": " + e.getMessage());
          }
        }
      }
    }
    return configured;
  }

  /**
   * The quorum: {@code --quorum}, else {@code $PARAMANT_QUORUM}, else 1 with witnesses and 0
   * without.
   *
   * @throws ParameterException unless it is from 1 to the number of witnesses (0 without)
   */
  int quorum(CommandLine cli) {
    int count = witnesses(cli).size();
    Integer given = quorum;
    String fromEnvironment = System.getenv(ENV_QUORUM);
    String source = "--quorum";
    if (given == null && fromEnvironment != null && !fromEnvironment.isBlank()) {
      source = "$" + ENV_QUORUM;
      try {
        given = Integer.valueOf(fromEnvironment.strip());
      } catch (NumberFormatException e) {
        throw new ParameterException(cli, source + ": not a number");
      }
    }
    if (given == null) {
      return count == 0 ? 0 : 1;
    }
    if (count == 0) {
      throw new ParameterException(cli, source + " needs at least one --witness");
    }
    if (given < 1 || given > count) {
      throw new ParameterException(
          cli, source + " is from 1 to the number of witnesses (" + count + "), not " + given);
    }
    return given;
  }

  /** Configures {@code builder}; first-use pins of witness keys are reported on {@code err}. */
  void apply(LogVerifier.Builder builder, CommandLine cli) {
    int required = quorum(cli);
    witnesses(cli).forEach(w -> builder.witness(w.url(), w.keyId()));
    if (required > 0) {
      builder.quorum(required);
    }
    String checked = origin(cli);
    if (checked != null) {
      builder.origin(checked);
    }
    builder.witnessPinned(reporter(cli));
  }

  /** Configures {@code builder} like {@link #apply(LogVerifier.Builder, CommandLine)}. */
  void apply(GhostPipe.Builder builder, CommandLine cli) {
    int required = quorum(cli);
    witnesses(cli).forEach(w -> builder.witness(w.url(), w.keyId()));
    if (required > 0) {
      builder.quorum(required);
    }
    String checked = origin(cli);
    if (checked != null) {
      builder.logOrigin(checked);
    }
    builder.witnessPinned(reporter(cli));
  }

  /** Configures the pins of an offline receipt check like the verifier's witnesses. */
  void apply(io.paramant.client.ReceiptPins.Builder builder, CommandLine cli) {
    int required = quorum(cli);
    witnesses(cli).forEach(w -> builder.witness(w.url(), w.keyId()));
    builder.quorum(required);
    String checked = origin(cli);
    if (checked != null) {
      builder.origin(checked);
    }
  }

  private String origin(CommandLine cli) {
    if (origin == null) {
      return null;
    }
    if (!Cosignature.isValidOrigin(origin)) {
      throw new ParameterException(
          cli,
          "--log-origin is a public base URL (http:// or https://, no trailing slash), not '"
              + origin
              + "'");
    }
    return origin;
  }

  private static BiConsumer<URI, String> reporter(CommandLine cli) {
    PrintWriter err = cli.getErr();
    String name = cli.getCommandSpec().qualifiedName();
    return (url, keyId) ->
        err.println(
            name
                + ": pinned witness key "
                + keyId
                + " for "
                + url
                + " (first use): compare it with the key id the witness's operator publishes");
  }
}
