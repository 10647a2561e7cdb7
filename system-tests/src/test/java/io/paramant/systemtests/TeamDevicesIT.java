package io.paramant.systemtests;

import static io.paramant.systemtests.RelayApi.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code /v2/team/devices} and the refusals of {@code /v2/team/add-device} that need no admin
 * console (the success path is {@link TeamAddDeviceIT}).
 */
class TeamDevicesIT {

  private final RelayApi relay = new RelayApi(Deployment.baseUri(Deployment.MAIN));

  @Test
  void a_team_sees_its_members_and_lead_revoked_included_and_no_other_team() throws Exception {
    TestAccount lead = Deployment.newAccount("pro");
    TestAccount scanner = Deployment.newAccount("pro", lead.label());
    TestAccount printer = Deployment.newAccount("free", lead.label());
    TestAccount revoked = Deployment.newAccount("pro", lead.label());
    Deployment.revokeAndReload(revoked.label());
    TestAccount stranger = Deployment.newAccount("pro", "elsewhere-" + lead.label());

    JsonObject expected =
        Json.createObjectBuilder()
            .add("ok", true)
            .add("team", lead.label())
            .add("devices", devices(List.of(lead, scanner, printer, revoked)))
            .build();
    for (TestAccount member : List.of(lead, scanner, printer)) {
      HttpResponse<byte[]> response = relay.get("/v2/team/devices", member.apiKey());
      assertEquals(200, response.statusCode(), () -> RelayApi.text(response));
      assertEquals(expected, RelayApi.json(response), member::toString);
    }

    JsonObject alone = RelayApi.json(relay.get("/v2/team/devices", stranger.apiKey()));
    assertEquals("elsewhere-" + lead.label(), alone.getString("team"));
    assertEquals(devices(List.of(stranger)).build(), alone.getJsonArray("devices"));
  }

  @Test
  void team_routes_need_a_key() {
    assertError(relay.get("/v2/team/devices", null), 401, "missing_key");
    assertError(addDevice(null, "{\"label\":\"x\"}"), 401, "missing_key");
    assertError(
        addDevice(Deployment.account("inactive").apiKey(), "{\"label\":\"x\"}"),
        401,
        "invalid_key");
  }

  @Test
  void a_free_account_may_not_add_devices() {
    assertError(
        addDevice(Deployment.apiKey("free"), "{\"label\":\"new-device\"}"), 403, "plan_required");
  }

  @Test
  void add_device_checks_its_body_and_labels_before_asking_the_console() {
    String pro = Deployment.apiKey("pro");

    assertError(addDevice(pro, "{\"label\":"), 400, "malformed_json");
    assertError(addDevice(pro, "{\"label\":7}"), 400, "invalid_field");
    assertError(addDevice(pro, "{\"email\":\"a@example.com\"}"), 400, "missing_field");
    assertError(addDevice(pro, "{\"label\":\"-leading-dash\"}"), 400, "invalid_label");
    assertError(addDevice(pro, "{\"label\":\"" + "x".repeat(65) + "\"}"), 400, "invalid_label");
    assertError(addDevice(pro, "{\"label\":\"ok\",\"email\":\"nobody\"}"), 400, "invalid_email");
    assertError(addDevice(pro, "{\"label\":\"st-enterprise\"}"), 409, "label_taken");
    assertError(
        relay.send(
            relay
                .request("/v2/team/add-device", pro)
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"label\":\"x\"}"))
                .build()),
        415,
        "unsupported_media_type");
  }

  @Test
  void devices_show_no_keys_and_keep_created_as_written() throws Exception {
    TestAccount lead = Deployment.newAccount("enterprise");

    JsonObject device =
        RelayApi.json(relay.get("/v2/team/devices", lead.apiKey()))
            .getJsonArray("devices")
            .getJsonObject(0);

    assertEquals(java.util.Set.of("label", "plan", "active", "created"), device.keySet());
    assertEquals(createdInFile(lead.label()), device.getString("created"));
  }

  // ------------------------------------------------------------------------------------------------

  private HttpResponse<byte[]> addDevice(String key, String json) {
    return relay.send(
        relay
            .request("/v2/team/add-device", key)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  /** The devices as the relay lists them: by label, with users.json's {@code created}. */
  private static JsonArrayBuilder devices(List<TestAccount> accounts) throws Exception {
    JsonArrayBuilder devices = Json.createArrayBuilder();
    for (TestAccount a :
        accounts.stream().sorted(Comparator.comparing(TestAccount::label)).toList()) {
      boolean active = !isRevoked(a.label());
      devices.add(
          Json.createObjectBuilder()
              .add("label", a.label())
              .add("plan", a.plan())
              .add("active", active)
              .add("created", createdInFile(a.label())));
    }
    return devices;
  }

  private static Map<String, JsonObject> usersByLabel() throws Exception {
    try (var reader = Json.createReader(Files.newInputStream(Deployment.usersFile()))) {
      return reader.readObject().getJsonArray("users").stream()
          .map(JsonValue::asJsonObject)
          .collect(Collectors.toMap(u -> u.getString("label"), Function.identity()));
    }
  }

  private static String createdInFile(String label) throws Exception {
    return usersByLabel().get(label).getString("created");
  }

  private static boolean isRevoked(String label) throws Exception {
    return !usersByLabel().get(label).getBoolean("active");
  }
}
