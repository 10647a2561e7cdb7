package io.paramant.relay.sectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/**
 * The health answers of peer relays, which any server at a configured sector URL can make up:
 * {@link HealthProbe#read} turns every body into a {@link Probe} and throws nothing; a relay is up
 * only when it says {@code "ok":true} for the sector it was asked about. Seeds and findings:
 * src/test/resources/io/paramant/relay/sectors/HealthProbeFuzzTestInputs/.
 */
class HealthProbeFuzzTest {

  private static final Sector SECTOR = new Sector("health", "http://127.0.0.1:1/");

  @FuzzTest
  void read(byte[] body) {
    Probe probe = HealthProbe.read(SECTOR, new Answer(body), 2_500_000L);
    if (probe.up()) {
      assertEquals(3L, probe.latencyMs());
    } else {
      assertEquals(Probe.DOWN, probe);
    }
  }

  /** A 200 answer with the given body. */
  private record Answer(byte[] body) implements HttpResponse<byte[]> {
    @Override
    public int statusCode() {
      return 200;
    }

    @Override
    public HttpRequest request() {
      return HttpRequest.newBuilder(URI.create(SECTOR.url())).build();
    }

    @Override
    public Optional<HttpResponse<byte[]>> previousResponse() {
      return Optional.empty();
    }

    @Override
    public HttpHeaders headers() {
      return HttpHeaders.of(Map.of(), (name, value) -> true);
    }

    @Override
    public Optional<SSLSession> sslSession() {
      return Optional.empty();
    }

    @Override
    public URI uri() {
      return URI.create(SECTOR.url());
    }

    @Override
    public HttpClient.Version version() {
      return HttpClient.Version.HTTP_1_1;
    }
  }
}
