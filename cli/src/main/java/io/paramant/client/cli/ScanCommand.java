package io.paramant.client.cli;

import io.paramant.client.internal.ctlog.RelayAddress;
import io.paramant.client.internal.relay.RelayClient;
import io.paramant.client.internal.relay.RelayHttp;
import io.paramant.client.internal.relay.RetryPolicy;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code paramant scan [RELAY]}: the sector relays of a relay's deployment ({@code GET /v2/relays})
 * and whether each answers.
 */
@Command(
    name = "scan",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Asks a relay for the sector relays of its deployment (GET /v2/relays) and prints one line"
          + " per relay: sector, up or down, URL, and for a relay that is up its version, edition"
          + " and probe latency; 'self' marks the relay asked. The relay probes the others itself,"
          + " at most every 5 seconds.",
      "The relay is RELAY (HOST, HOST:PORT or a base URL; a HOST without a port is port 3000),"
          + " else --relay or --sector, else $PARAMANT_RELAY, else http://127.0.0.1:3000/.",
      "Exit 0 if the relay answered with its list (whatever the state of the others), else 3."
          + " The answers are not signed: they say what relays claim, not who they are"
          + " (paramant verify checks a relay's log key)."
    })
final class ScanCommand implements Callable<Integer> {

  private static final Pattern HOST_PORT =
      Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+)(?::([0-9]{1,5}))?");
  private static final int DEFAULT_PORT = 3000;

  @Spec private CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  private RelayTarget target;

  @Parameters(
      paramLabel = "RELAY",
      arity = "0..1",
      description = "The relay to ask: HOST, HOST:PORT, or a base URL (http://HOST:PORT/).")
  private String relayArgument;

  @Override
  public Integer call() {
    URI relay = relay();
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(3))
            .build();
    RetryPolicy once = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
    RelayClient client =
        new RelayClient(RelayAddress.of(relay), http, null, once, RelayHttp.Sleeper.system());
    PrintWriter out = spec.commandLine().getOut();
    for (RelayClient.RelayNode node : client.relays()) {
      out.println(line(node, relay));
    }
    out.flush();
    return ExitCodes.OK;
  }

  /**
   * {@code SECTOR up|down URL [version=V edition=E] [latency=Nms] [self]}; a relay whose URL is
   * unknown is shown with the URL asked when it is the relay asked, else with {@code -}.
   */
  static String line(RelayClient.RelayNode node, URI asked) {
    StringBuilder line =
        new StringBuilder(node.sector())
            .append(node.up() ? " up " : " down ")
            .append(node.url() != null ? node.url() : node.self() ? asked.toString() : "-");
    if (node.up()) {
      line.append(" version=").append(orDash(node.version()));
      line.append(" edition=").append(orDash(node.edition()));
    }
    if (node.latencyMs() != null) {
      line.append(" latency=").append(node.latencyMs()).append("ms");
    }
    if (node.self()) {
      line.append(" self");
    }
    return line.toString();
  }

  private static String orDash(String value) {
    return value == null ? "-" : value;
  }

  private URI relay() {
    if (relayArgument != null && target != null) {
      throw usage("give the relay as RELAY or with --relay/--sector, not both");
    }
    if (target != null) {
      return target.uri();
    }
    if (relayArgument != null) {
      return address(relayArgument);
    }
    String fromEnvironment = System.getenv(ClientOptions.ENV_RELAY);
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return address(fromEnvironment.strip());
    }
    return RelayTarget.LocalSector.url("main").orElseThrow();
  }

  private URI address(String target) {
    if (target.startsWith("http://") || target.startsWith("https://")) {
      try {
        return RelayAddress.of(new URI(target)).uri();
      } catch (URISyntaxException | IllegalArgumentException e) {
        throw usage("not a relay URL: " + target);
      }
    }
    Matcher matcher = HOST_PORT.matcher(target);
    if (!matcher.matches()) {
      throw usage("expected HOST[:PORT] or a URL, not " + target);
    }
    int port = matcher.group(2) == null ? DEFAULT_PORT : Integer.parseInt(matcher.group(2));
    if (port < 1 || port > 65535) {
      throw usage("no such port: " + port);
    }
    return URI.create("http://" + matcher.group(1) + ":" + port + "/");
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
