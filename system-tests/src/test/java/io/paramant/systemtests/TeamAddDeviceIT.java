package io.paramant.systemtests;

import static io.paramant.systemtests.RelayApi.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v2/team/add-device} through the real admin console: the relay forwards to the
 * console ({@link Deployment#adminUri()}), the console writes users.json and reloads every sector,
 * and the new key works at once on every sector.
 *
 * <p>The deployment's console is licensed: it has far more than the Community Edition's 5 active
 * users.
 */
class TeamAddDeviceIT {

  private final RelayApi main = new RelayApi(Deployment.baseUri(Deployment.MAIN));

  @Test
  void a_pro_account_adds_a_device_whose_key_works_on_every_sector_at_once() throws Exception {
    TestAccount lead = Deployment.newAccount("pro");
    String label = "dev-" + lead.label();

    HttpResponse<byte[]> response = addDevice(lead.apiKey(), label, null);

    assertEquals(201, response.statusCode(), () -> RelayApi.text(response));
    JsonObject added = RelayApi.json(response);
    assertEquals(true, added.getBoolean("ok"));
    assertEquals(label, added.getString("label"));
    assertEquals(lead.label(), added.getString("team"));
    assertEquals("pro", added.getString("plan"));
    assertEquals("team:" + lead.label(), added.getString("namespace"));
    String key = added.getString("key");
    assertTrue(key.startsWith("pgp_"), key);
    for (String sector : Deployment.sectors()) {
      RelayApi relay = new RelayApi(Deployment.baseUri(sector));
      assertEquals(
          "{\"namespace\":\"team:" + lead.label() + "\",\"plan\":\"pro\",\"valid\":true}",
          RelayApi.json(relay.get("/v2/check-key", key)).toString(),
          sector);
    }
    JsonObject team = RelayApi.json(main.get("/v2/team/devices", key));
    assertEquals(lead.label(), team.getString("team"));
    assertEquals(2, team.getJsonArray("devices").size(), team::toString);
    assertTrue(!java.nio.file.Files.readString(Deployment.usersFile()).contains(key));
    for (String sector : Deployment.sectors()) {
      assertTrue(!java.nio.file.Files.readString(Deployment.logFile(sector)).contains(key), sector);
    }
  }

  @Test
  void a_taken_label_is_409_and_the_console_checks_what_it_checks() {
    TestAccount lead = Deployment.newAccount("enterprise");
    String label = "dup-" + lead.label();
    HttpResponse<byte[]> first = addDevice(lead.apiKey(), label, "ops@example.com");
    assertEquals(201, first.statusCode(), () -> RelayApi.text(first));

    assertError(addDevice(lead.apiKey(), label, null), 409, "label_taken");
  }

  private HttpResponse<byte[]> addDevice(String key, String label, String email) {
    String json =
        "{\"label\":\""
            + label
            + "\""
            + (email == null ? "" : ",\"email\":\"" + email + "\"")
            + "}";
    return main.send(
        main.request("/v2/team/add-device", key)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }
}
