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
 * The iot test relay holds exactly three blobs: capacity is a hard bound with 503 + Retry-After. No
 * account may hold all three there (enterprise 3/4 of 3 = 2, pro and free 1: see FairnessIT), so
 * several accounts fill it.
 */
class CapacityIT {

  private static final long SHORT_TTL_MS = 20_000;

  private final RelayApi relay = new RelayApi(Deployment.baseUri("iot"));

  @Test
  void full_relay_refuses_then_accepts_after_a_download_and_after_an_expiry() throws Exception {
    String enterprise = Deployment.newAccount("enterprise").apiKey();
    String first = Deployment.newAccount("pro").apiKey();
    String second = Deployment.newAccount("pro").apiKey();
    String third = Deployment.newAccount("pro").apiKey();

    byte[] shortLived = randomBlob(RelayApi.MAX_BLOB);
    byte[] kept = randomBlob(RelayApi.MAX_BLOB);
    // long enough for the steps up to the expiry on a busy machine, whose uploads may take seconds
    assertEquals(
        200,
        relay.inboundBinary(enterprise, shortLived, sha256(shortLived), SHORT_TTL_MS).statusCode());
    long expiredBy = System.currentTimeMillis() + SHORT_TTL_MS; // stored before the answer came
    String keptHash = relay.store(enterprise, kept);
    String firstHash = relay.store(first, randomBlob(RelayApi.MAX_BLOB));

    HttpResponse<byte[]> refused = relay.inboundBinary(second, randomBlob(RelayApi.MAX_BLOB));
    assertError(refused, 503, "relay_at_capacity");
    assertEquals("5", refused.headers().firstValue("Retry-After").orElse(null));
    assertError(
        relay.inboundJson(second, RelayApi.inboundJsonBody(randomBlob(100), null)),
        503,
        "relay_at_capacity");

    assertArrayEquals(kept, relay.outbound(enterprise, keptHash).body());
    String secondHash = relay.store(second, randomBlob(RelayApi.MAX_BLOB));
    assertError(relay.inboundBinary(third, randomBlob(10)), 503, "relay_at_capacity");

    // the TTL passes and the once-a-second sweep shreds it
    Thread.sleep(Math.max(0, expiredBy - System.currentTimeMillis()) + 1_500);
    HttpResponse<byte[]> afterExpiry = relay.inboundBinary(third, randomBlob(10));
    assertEquals(200, afterExpiry.statusCode(), () -> text(afterExpiry));
    assertError(relay.outbound(enterprise, sha256(shortLived)), 404, "not_found");

    // leave the small relay empty for other tests
    assertEquals(200, relay.outbound(first, firstHash).statusCode());
    assertEquals(200, relay.outbound(second, secondHash).statusCode());
    assertEquals(
        200, relay.outbound(third, RelayApi.json(afterExpiry).getString("hash")).statusCode());
  }
}
