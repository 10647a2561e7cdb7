package io.paramant.systemtests;

import static io.paramant.systemtests.RelayApi.assertError;
import static io.paramant.systemtests.RelayApi.json;
import static io.paramant.systemtests.RelayApi.randomBlob;
import static io.paramant.systemtests.RelayApi.sha256;
import static io.paramant.systemtests.RelayApi.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The seed's walkthrough and the burn-on-read contract, in both upload modes. */
class BlobTransferIT {

  private final RelayApi relay = new RelayApi(Deployment.baseUri("main"));
  private final String pro = Deployment.apiKey("pro");

  @Test
  void binary_upload_is_downloaded_once_byte_identical_then_404() {
    byte[] blob = randomBlob(RelayApi.MAX_BLOB);

    HttpResponse<byte[]> stored = relay.inboundBinary(pro, blob);

    assertEquals(200, stored.statusCode(), () -> text(stored));
    JsonObject receipt = json(stored);
    assertTrue(receipt.getBoolean("ok"));
    assertEquals(sha256(blob), receipt.getString("hash"));
    assertEquals(RelayApi.MAX_BLOB, receipt.getInt("size"));
    assertEquals(3_600_000, receipt.getJsonNumber("ttl_ms").longValue());

    HttpResponse<byte[]> first = relay.outbound(pro, sha256(blob));
    assertEquals(200, first.statusCode());
    assertEquals(
        "application/octet-stream", first.headers().firstValue("Content-Type").orElseThrow());
    assertEquals(
        Long.toString(RelayApi.MAX_BLOB),
        first.headers().firstValue("Content-Length").orElseThrow());
    assertArrayEquals(blob, first.body());

    assertError(relay.outbound(pro, sha256(blob)), 404, "not_found");
  }

  @Test
  void json_upload_is_downloaded_byte_identical() {
    byte[] blob = randomBlob(RelayApi.MAX_BLOB);

    HttpResponse<byte[]> stored = relay.inboundJson(pro, RelayApi.inboundJsonBody(blob, 60_000L));

    assertEquals(200, stored.statusCode(), () -> text(stored));
    assertEquals(60_000, json(stored).getJsonNumber("ttl_ms").longValue());
    assertArrayEquals(blob, relay.outbound(pro, sha256(blob)).body());
  }

  @Test
  void status_reports_availability_without_consuming() {
    byte[] blob = randomBlob(4096);
    String hash = relay.store(pro, blob);

    JsonObject status = relay.status(pro, hash);
    assertTrue(status.getBoolean("available"));
    assertEquals(4096, status.getInt("bytes"));
    long remaining = status.getJsonNumber("ttl_remaining_ms").longValue();
    assertTrue(remaining > 3_500_000 && remaining <= 3_600_000, "ttl_remaining_ms " + remaining);
    assertTrue(relay.status(pro, hash).getBoolean("available"));

    assertArrayEquals(blob, relay.outbound(pro, hash).body());
    assertEquals("{\"available\":false}", relay.status(pro, hash).toString());
  }

  @Test
  void ttl_above_the_plan_maximum_is_clamped_and_reported() {
    byte[] blob = randomBlob(100);
    HttpResponse<byte[]> stored =
        relay.inboundBinary(Deployment.apiKey("free"), blob, sha256(blob), 86_400_000L);

    assertEquals(200, stored.statusCode(), () -> text(stored));
    assertEquals(3_600_000, json(stored).getJsonNumber("ttl_ms").longValue());
  }

  @Test
  void another_accounts_blob_is_forbidden_and_stays_available() {
    byte[] blob = randomBlob(100);
    String hash = relay.store(pro, blob);

    assertError(relay.outbound(Deployment.apiKey("free"), hash), 403, "forbidden");
    assertError(relay.get("/v2/status/" + hash, Deployment.apiKey("free")), 403, "forbidden");

    assertArrayEquals(blob, relay.outbound(pro, hash).body());
  }

  @Test
  void every_response_forbids_caching_and_sniffing_and_has_no_banner() {
    for (HttpResponse<byte[]> response :
        java.util.List.of(
            relay.get("/health", null),
            relay.get("/v2/status/" + "a".repeat(64), pro),
            relay.get("/nope", pro))) {
      assertEquals(
          "no-store",
          response.headers().firstValue("Cache-Control").orElse(null),
          response.uri().toString());
      assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElse(null));
      assertFalse(response.headers().firstValue("X-Powered-By").isPresent());
    }
  }

  @Test
  void download_cut_off_midway_releases_the_blob_for_a_later_download() throws Exception {
    byte[] blob = randomBlob(RelayApi.MAX_BLOB);
    String hash = relay.store(pro, blob);

    try (Socket socket = new Socket()) {
      // a small receive window, set before connecting, so the server cannot push the whole blob
      // into socket buffers: it is still writing when the connection drops
      socket.setReceiveBufferSize(4 * 1024);
      socket.connect(
          new java.net.InetSocketAddress(relay.uri("/").getHost(), relay.uri("/").getPort()));
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET /v2/outbound/"
                  + hash
                  + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Api-Key: "
                  + pro
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] some = in.readNBytes(16 * 1024);
      assertTrue(new String(some, 0, 20, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200"));
      socket.setSoLinger(true, 0); // reset, as a client that crashes does
    } // closed after 16 KiB of 5 MiB

    long deadline = System.currentTimeMillis() + 10_000;
    while (!relay.status(pro, hash).getBoolean("available")
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    HttpResponse<byte[]> again = relay.outbound(pro, hash);
    assertEquals(200, again.statusCode(), () -> text(again));
    assertArrayEquals(blob, again.body());
  }
}
