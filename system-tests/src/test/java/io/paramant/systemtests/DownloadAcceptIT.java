package io.paramant.systemtests;

import static io.paramant.systemtests.RelayApi.randomBlob;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.paramant.systemtests.RawHttp.Raw;
import jakarta.json.JsonObject;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Content negotiation of the downloads ({@code GET /v2/outbound/{hash}}, {@code GET /v2/drop/{id}})
 * as generated clients meet it, over raw HTTP/1.1: an {@code Accept} that names JSON (generated
 * clients name it because the errors are JSON; the Python generator sends nothing else) gets the
 * bytes as {@code application/octet-stream}; an {@code Accept} that names neither type is refused
 * with 406; errors are JSON whatever the {@code Accept}.
 */
class DownloadAcceptIT {

  private static final List<String> ACCEPTED =
      List.of(
          "application/json",
          "application/json, text/plain;q=0.5",
          "text/html, application/json;q=0.1",
          "application/*",
          "*/*",
          "application/octet-stream, application/json");

  private final RelayApi relay = new RelayApi(Deployment.baseUri(Deployment.MAIN));
  private final URI base = relay.uri("/");
  private final InetAddress client = RawHttp.randomLoopbackAddress();

  @Test
  void a_download_asked_for_as_json_gets_the_bytes_as_octet_stream() {
    String key = Deployment.newAccount("pro").apiKey();
    for (String accept : ACCEPTED) {
      byte[] blob = randomBlob(3_000);
      String hash = relay.store(key, blob);

      Raw download = get("/v2/outbound/" + hash, key, accept);

      assertEquals(200, download.status(), () -> accept + ": " + download.text());
      assertEquals("application/octet-stream", download.header("content-type"), accept);
      assertEquals(Integer.toString(blob.length), download.header("content-length"), accept);
      assertArrayEquals(blob, download.body(), accept);
    }
  }

  @Test
  void a_download_whose_accept_names_neither_type_is_refused_in_json_and_the_blob_stays() {
    String key = Deployment.newAccount("pro").apiKey();
    byte[] blob = randomBlob(1_000);
    String hash = relay.store(key, blob);

    for (String accept : List.of("text/html", "image/png, text/*")) {
      assertJsonError(get("/v2/outbound/" + hash, key, accept), 406, "not_acceptable");
    }

    Raw download = get("/v2/outbound/" + hash, key, "application/json");
    assertEquals(200, download.status(), download::text);
    assertArrayEquals(blob, download.body());
  }

  @Test
  void errors_of_a_download_are_json_whatever_the_accept() {
    String key = Deployment.newAccount("pro").apiKey();
    String absent = RelayApi.sha256(randomBlob(16));
    for (String accept : List.of("application/octet-stream", "application/json", "*/*")) {
      assertJsonError(get("/v2/outbound/" + absent, key, accept), 404, "not_found");
      assertJsonError(get("/v2/outbound/" + absent, null, accept), 401, "missing_key");
      assertJsonError(get("/v2/outbound/xyz", key, accept), 400, "invalid_hash");
      assertJsonError(get("/v2/drop/" + absent, null, accept), 404, "not_found");
    }
  }

  @Test
  void a_drop_picked_up_as_json_comes_as_octet_stream() {
    String key = Deployment.newAccount("pro").apiKey();
    byte[] blob = randomBlob(2_000);
    String id = HexFormat.of().formatHex(Deployment.randomBytes(32));
    assertEquals(
        200,
        relay
            .send(
                relay
                    .request("/v2/drop", key)
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"id\":\""
                                + id
                                + "\",\"payload\":\""
                                + Base64.getEncoder().encodeToString(blob)
                                + "\"}"))
                    .build())
            .statusCode());

    Raw pickup = get("/v2/drop/" + id, null, "application/json");

    assertEquals(200, pickup.status(), pickup::text);
    assertEquals("application/octet-stream", pickup.header("content-type"));
    assertArrayEquals(blob, pickup.body());
  }

  private Raw get(String path, String key, String accept) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept", accept);
    if (key != null) {
      headers.put("X-Api-Key", key);
    }
    return RawHttp.exchange(base, client, "GET", path, headers);
  }

  private static void assertJsonError(Raw response, int status, String code) {
    assertEquals(status, response.status(), response::text);
    JsonObject error = response.json(); // checks Content-Type: application/json
    assertEquals(code, error.getString("error"), response::text);
    assertEquals(false, error.getBoolean("ok"));
  }
}
