package io.paramant.client.cli;

import io.paramant.accounts.DeviceIds;
import io.paramant.accounts.DeviceNamespace;
import io.paramant.client.DeviceAuth;
import io.paramant.client.DeviceKeys;
import io.paramant.client.GhostPipe;
import io.paramant.client.Progress;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * The options every command that talks to a relay shares (a picocli mixin): which relay, which
 * account, which device, and where keys and state live. Environment variables fill in what the
 * command line leaves out, so that the API key need never be typed where the process list and the
 * shell history show it.
 */
final class ClientOptions {

  static final String ENV_KEY = "PARAMANT_KEY";
  static final String ENV_RELAY = "PARAMANT_RELAY";
  static final String ENV_DEVICE = "PARAMANT_DEVICE";
  static final String ENV_NAMESPACE = "PARAMANT_NAMESPACE";

  @Spec(Spec.Target.MIXEE)
  private CommandSpec spec;

  @Option(
      names = "--relay",
      paramLabel = "URL",
      converter = RelayTarget.RelayUrl.class,
      description =
          "The relay's base URL (default: $"
              + ENV_RELAY
              + ", else the local main relay,"
              + " http://127.0.0.1:3000/).")
  private URI relay;

  @Option(
      names = "--sector",
      paramLabel = "NAME",
      converter = RelayTarget.LocalSector.Name.class,
      description =
          "Instead of --relay: the relay of this sector of a local deployment (main, health,"
              + " finance, legal or iot = http://127.0.0.1:3000/ to :3004/); its log must record"
              + " that sector.")
  private String sector;

  @Option(
      names = "--key",
      paramLabel = "API_KEY",
      description =
          "The account's API key (default: $"
              + ENV_KEY
              + "). Prefer the variable: a key on the"
              + " command line shows in the process list and the shell history.")
  private String apiKey;

  @Option(
      names = "--device",
      paramLabel = "ID",
      description = "This device's id (default: $" + ENV_DEVICE + ").")
  private String device;

  @Option(
      names = "--namespace",
      paramLabel = "NAMESPACE",
      description =
          "The account's namespace as the administrator gave it out (team:<id> or"
              + " account:<label>; default: $"
              + ENV_NAMESPACE
              + "). Without it, the relay's answer is pinned on first use and printed once;"
              + " a later change is refused.")
  private String namespace;

  @Mixin private WitnessOptions witnesses;

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      description =
          "Where pinned log heads, resumable receives and watch state are kept (default:"
              + " ~/.paramant).")
  private Path stateDirectory;

  @Option(
      names = "--key-dir",
      paramLabel = "DIR",
      description = "Where this device's key file is (default: the state directory).")
  private Path keyDirectory;

  /** The relay: --relay, --sector, $PARAMANT_RELAY, or the local main relay. */
  URI relay() {
    if (relay != null && sector != null) {
      throw usage("--relay and --sector are mutually exclusive");
    }
    if (relay != null) {
      return relay;
    }
    if (sector != null) {
      return RelayTarget.LocalSector.url(sector).orElseThrow();
    }
    String fromEnvironment = System.getenv(ENV_RELAY);
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      try {
        return new RelayTarget.RelayUrl().convert(fromEnvironment.strip());
      } catch (TypeConversionException e) {
        throw usage("$" + ENV_RELAY + ": " + e.getMessage());
      }
    }
    return RelayTarget.LocalSector.url("main").orElseThrow();
  }

  /** The API key, if one was given. */
  Optional<String> apiKey() {
    if (apiKey != null) {
      return Optional.of(apiKey);
    }
    return Optional.ofNullable(System.getenv(ENV_KEY)).map(String::strip).filter(k -> !k.isEmpty());
  }

  String requireApiKey() {
    return apiKey().orElseThrow(() -> usage("no API key: set $" + ENV_KEY + " (or give --key)"));
  }

  /** This device's id, if one was given. */
  Optional<String> device() {
    String id = device != null ? device : System.getenv(ENV_DEVICE);
    if (id == null || id.isBlank()) {
      return Optional.empty();
    }
    if (!DeviceIds.isValid(id)) {
      throw usage("a device id is 1 to 128 characters of letters, digits, '.', '_', ':' or '-'");
    }
    return Optional.of(id);
  }

  String requireDevice() {
    return device()
        .orElseThrow(() -> usage("no device id: give --device (or set $" + ENV_DEVICE + ")"));
  }

  /** The account's namespace, if one was given. */
  Optional<String> namespace() {
    String given = namespace != null ? namespace : System.getenv(ENV_NAMESPACE);
    if (given == null || given.isBlank()) {
      return Optional.empty();
    }
    String stripped = given.strip();
    if (!DeviceNamespace.isValid(stripped)) {
      throw usage(
          (namespace != null ? "--namespace" : "$" + ENV_NAMESPACE)
              + ": "
              + DeviceNamespace.INVALID_DETAIL);
    }
    return Optional.of(stripped);
  }

  Path stateDirectory() {
    return stateDirectory != null ? stateDirectory : DeviceKeys.defaultDirectory();
  }

  Path keyDirectory() {
    return keyDirectory != null ? keyDirectory : stateDirectory();
  }

  /** A pipe to the relay; with the API key when {@code keyed}. */
  GhostPipe pipe(boolean keyed, Progress.Listener progress) {
    return pipe(keyed, progress, DeviceAuth.API_KEY);
  }

  /**
   * A pipe to the relay whose device requests are authenticated as {@code auth} says; with the API
   * key when {@code keyed}. With {@link DeviceAuth#DID} the key is optional: the routes where an
   * account acts (key lookups) still need it, and say so when it is missing.
   */
  GhostPipe pipe(boolean keyed, Progress.Listener progress, DeviceAuth auth) {
    GhostPipe.Builder builder =
        GhostPipe.builder()
            .relay(relay())
            .stateDirectory(stateDirectory())
            .keyDirectory(keyDirectory())
            .deviceAuth(auth);
    if (keyed && auth == DeviceAuth.API_KEY) {
      builder.apiKey(requireApiKey());
    } else {
      apiKey().ifPresent(builder::apiKey);
    }
    device().ifPresent(builder::deviceId);
    namespace().ifPresent(builder::namespace);
    CommandLine cli = spec.commandLine();
    builder.namespacePinned(
        ns ->
            cli.getErr()
                .println(
                    cli.getCommandSpec().qualifiedName()
                        + ": pinned namespace "
                        + ns
                        + " for "
                        + relay()
                        + " (first use): compare it with the namespace your administrator"
                        + " gave you; a later change is refused"));
    witnesses.apply(builder, cli);
    if (sector != null) {
      builder.sector(sector);
    }
    if (progress != null) {
      builder.progress(progress);
    }
    return builder.build();
  }

  ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
