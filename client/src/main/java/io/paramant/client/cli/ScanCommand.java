package io.paramant.client.cli;

import io.paramant.client.LogVerificationException;
import io.paramant.client.RelayRequestException;
import io.paramant.client.internal.ctlog.RelayAddress;
import io.paramant.client.internal.relay.RelayClient;
import io.paramant.client.internal.relay.RetryPolicy;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code paramant scan HOST[:PORT]...}: which relays answer, and what they say they are. */
@Command(
    name = "scan",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Probes GET /health of relays and prints one line per address: the sector, version and"
          + " edition a relay reports, or why it did not answer. A HOST without a port is probed on"
          + " the five ports of a local deployment, 3000 to 3004 (main, health, finance, legal,"
          + " iot).",
      "Exit 0 if at least one relay answered, else 3. The answers are not signed: they say what a"
          + " relay claims, not who it is (paramant verify checks its log key)."
    })
final class ScanCommand implements Callable<Integer> {

  private static final Pattern HOST_PORT =
      Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+)(?::([0-9]{1,5}))?");
  private static final int FIRST_PORT = 3000;
  private static final int LAST_PORT = 3004;

  @Spec private CommandSpec spec;

  @Parameters(
      paramLabel = "HOST[:PORT]",
      arity = "1..*",
      description = "Relays to probe: HOST, HOST:PORT, or a base URL (http://HOST:PORT/).")
  private List<String> targets;

  @Override
  public Integer call() {
    List<URI> addresses = new ArrayList<>();
    for (String target : targets) {
      addresses.addAll(addresses(target));
    }
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(3))
            .build();
    RetryPolicy once = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
    PrintWriter out = spec.commandLine().getOut();
    int answered = 0;
    for (URI address : addresses) {
      RelayClient relay =
          new RelayClient(RelayAddress.of(address), http, null, once, RelayClient.Sleeper.system());
      try {
        RelayClient.Health health = relay.health();
        out.println(
            address
                + " sector="
                + health.sector()
                + " version="
                + health.version()
                + " edition="
                + health.edition()
                + " uptime="
                + health.uptimeSeconds()
                + "s");
        answered++;
      } catch (RelayRequestException | LogVerificationException e) {
        out.println(address + " no relay: " + e.getMessage());
      }
      out.flush();
    }
    return answered > 0 ? ExitCodes.OK : ExitCodes.RELAY_ERROR;
  }

  private List<URI> addresses(String target) {
    if (target.startsWith("http://") || target.startsWith("https://")) {
      try {
        return List.of(RelayAddress.of(new URI(target)).uri());
      } catch (URISyntaxException | IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "not a relay URL: " + target);
      }
    }
    Matcher matcher = HOST_PORT.matcher(target);
    if (!matcher.matches()) {
      throw new ParameterException(spec.commandLine(), "expected HOST[:PORT], not " + target);
    }
    String host = matcher.group(1);
    if (matcher.group(2) != null) {
      int port = Integer.parseInt(matcher.group(2));
      if (port < 1 || port > 65535) {
        throw new ParameterException(spec.commandLine(), "no such port: " + port);
      }
      return List.of(URI.create("http://" + host + ":" + port + "/"));
    }
    List<URI> all = new ArrayList<>();
    for (int port = FIRST_PORT; port <= LAST_PORT; port++) {
      all.add(URI.create("http://" + host + ":" + port + "/"));
    }
    return all;
  }
}
