package io.paramant.systemtests;

import static io.paramant.systemtests.RelayApi.assertError;
import static io.paramant.systemtests.RelayApi.randomBlob;
import static io.paramant.systemtests.RelayApi.sha256;
import static io.paramant.systemtests.RelayApi.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The iot test relay holds exactly three blobs: capacity is a hard bound with 503 + Retry-After.
 */
class CapacityIT {

  private final RelayApi relay = new RelayApi(Deployment.baseUri("iot"));
  private final String key = Deployment.apiKey("pro");

  @Test
  void full_relay_refuses_then_accepts_after_a_download_and_after_an_expiry() throws Exception {
    byte[] shortLived = randomBlob(RelayApi.MAX_BLOB);
    byte[] second = randomBlob(RelayApi.MAX_BLOB);
    assertEquals(
        200, relay.inboundBinary(key, shortLived, sha256(shortLived), 2_000L).statusCode());
    String secondHash = relay.store(key, second);
    String third = relay.store(key, randomBlob(RelayApi.MAX_BLOB));

    HttpResponse<byte[]> refused = relay.inboundBinary(key, randomBlob(RelayApi.MAX_BLOB));
    assertError(refused, 503, "relay_at_capacity");
    assertEquals("5", refused.headers().firstValue("Retry-After").orElse(null));
    assertError(
        relay.inboundJson(key, RelayApi.inboundJsonBody(randomBlob(100), null)),
        503,
        "relay_at_capacity");

    assertArrayEquals(second, relay.outbound(key, secondHash).body());
    String afterDownload = relay.store(key, randomBlob(RelayApi.MAX_BLOB));
    assertError(relay.inboundBinary(key, randomBlob(10)), 503, "relay_at_capacity");

    Thread.sleep(3_500); // the 2 s TTL passes and the once-a-second sweep shreds it
    HttpResponse<byte[]> afterExpiry = relay.inboundBinary(key, randomBlob(10));
    assertEquals(200, afterExpiry.statusCode(), () -> text(afterExpiry));
    assertError(relay.outbound(key, sha256(shortLived)), 404, "not_found");

    // leave the small relay empty for other tests
    for (String hash :
        java.util.List.of(third, afterDownload, RelayApi.json(afterExpiry).getString("hash"))) {
      assertEquals(200, relay.outbound(key, hash).statusCode());
    }
  }
}
