package io.paramant.systemtests;

import static io.paramant.systemtests.RelayApi.assertError;
import static io.paramant.systemtests.RelayApi.json;
import static io.paramant.systemtests.RelayApi.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The audit chain ({@code GET /v2/audit}) through HTTP: what an account's history records, that its
 * hashes chain as PROTOCOL.md defines them (recomputed here with the test's own RFC 8785 writer),
 * that CSV and JSON say the same, that its heads are anchored in the log under the hash of the
 * audit id, that it is the caller's own, and that a changed byte of the stored chain is caught.
 */
class AuditIT {

  private static final HexFormat HEX = HexFormat.of();
  private final RelayApi relay = new RelayApi(Deployment.baseUri(Deployment.MAIN));

  @Test
  void an_accounts_history_chains_exports_as_json_and_csv_and_is_anchored_in_the_log()
      throws Exception {
    TestAccount account = Deployment.newAccount("pro");
    String key = account.apiKey();
    DidIT.Device device = DidIT.Device.generate();
    String deviceId = "audit-" + UUID.randomUUID().toString().substring(0, 8);
    DidIT.registerKeys(relay, key, deviceId, device);
    assertEquals(200, DidIT.registerDid(relay, key, deviceId, device, device).statusCode());
    byte[] blob = RelayApi.randomBlob(4096);
    String hash = RelayApi.sha256(blob);
    assertEquals(200, relay.inboundBinary(key, blob).statusCode());
    assertArrayEquals(blob, relay.get("/v2/outbound/" + hash, key).body());
    HttpResponse<byte[]> acked =
        relay.send(
            relay
                .request("/v2/ack", key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"hash\":\"" + hash + "\"}"))
                .build());
    assertEquals(200, acked.statusCode(), () -> text(acked));
    byte[] expiring = RelayApi.randomBlob(1024);
    assertEquals(
        200, relay.inboundBinary(key, expiring, RelayApi.sha256(expiring), 1_000L).statusCode());

    JsonObject page = awaitAnchoredHead(key, "expiry");
    List<JsonObject> entries = page.getJsonArray("entries").getValuesAs(JsonObject.class);
    assertEquals(
        List.of(
            "key_registration", "did_registration", "inbound", "burn", "ack", "inbound", "expiry"),
        entries.stream().map(e -> e.getString("event")).toList());
    assertEquals(device.did(), entries.get(1).getString("subject"));
    assertEquals(hash, entries.get(2).getString("subject"));
    assertEquals(4096, entries.get(2).getInt("size"));
    assertEquals(hash, entries.get(3).getString("subject"));
    assertEquals(hash, entries.get(4).getString("subject"));
    assertFalse(entries.get(4).containsKey("size"));
    verifyChain(entries);
    JsonObject last = entries.get(entries.size() - 1);
    assertEquals(last.getJsonNumber("seq").longValue(), page.getJsonNumber("head_seq").longValue());
    assertEquals(last.getString("entry_hash"), page.getString("head_hash"));
    byte[] auditId = HEX.parseHex(page.getString("audit_id"));
    assertEquals(32, auditId.length);
    assertEquals(HEX.formatHex(sha3(auditId)), page.getString("audit_id_hash"));

    // every anchor is an audit leaf of the log naming a head of this chain, under the audit id's
    // hash
    JsonArray anchors = page.getJsonArray("anchors");
    assertFalse(anchors.isEmpty());
    for (JsonObject anchor : anchors.getValuesAs(JsonObject.class)) {
      long seq = anchor.getJsonNumber("seq").longValue();
      assertEquals(entries.get((int) seq - 1).getString("entry_hash"), anchor.getString("head"));
      long ctIndex = anchor.getJsonNumber("ct_index").longValue();
      JsonObject leaf =
          json(relay.get("/v2/ct/leaves?from=" + ctIndex + "&to=" + (ctIndex + 1), null))
              .getJsonArray("leaves")
              .getJsonObject(0);
      assertEquals("audit", leaf.getString("type"), leaf.toString());
      assertEquals(anchor.getString("head"), leaf.getString("subject"));
      assertEquals(seq, leaf.getJsonNumber("seq").longValue(), leaf.toString());
      assertEquals(page.getString("audit_id_hash"), leaf.getString("audit_id_hash"));
    }

    // the same chain by DID, and as CSV (by ?format and by Accept), row for row
    HttpResponse<byte[]> byDid =
        relay.send(DidIT.signedBy(relay, device, "GET", "/v2/audit").build());
    assertEquals(200, byDid.statusCode(), () -> text(byDid));
    assertEquals(page.getString("audit_id"), json(byDid).getString("audit_id"));
    for (HttpResponse<byte[]> csv :
        List.of(
            relay.get("/v2/audit?format=csv", key),
            relay.send(
                relay.request("/v2/audit", key).header("Accept", "text/csv").GET().build()))) {
      assertEquals(200, csv.statusCode(), () -> text(csv));
      assertTrue(csv.headers().firstValue("Content-Type").orElseThrow().startsWith("text/csv"));
      String[] rows = new String(csv.body(), StandardCharsets.UTF_8).split("\r\n", -1);
      assertEquals("seq,at,event,subject,size,prev_hash,entry_hash", rows[0]);
      assertEquals("", rows[rows.length - 1], "every row ends with CRLF");
      assertTrue(rows.length - 2 >= entries.size());
      for (int i = 0; i < entries.size(); i++) {
        JsonObject e = entries.get(i);
        assertEquals(
            String.join(
                ",",
                Long.toString(e.getJsonNumber("seq").longValue()),
                Long.toString(e.getJsonNumber("at").longValue()),
                e.getString("event"),
                e.getString("subject"),
                e.containsKey("size") ? Long.toString(e.getJsonNumber("size").longValue()) : "",
                e.getString("prev_hash"),
                e.getString("entry_hash")),
            rows[i + 1]);
      }
    }

    // paging
    JsonObject first = json(relay.get("/v2/audit?limit=2", key));
    assertEquals(2, first.getJsonArray("entries").size());
    assertEquals(2, first.getJsonNumber("next_after_seq").longValue());
    JsonObject second = json(relay.get("/v2/audit?after_seq=2&limit=2", key));
    assertEquals(
        entries.get(2).getString("entry_hash"),
        second.getJsonArray("entries").getJsonObject(0).getString("entry_hash"));

    // one changed byte of the stored chain: the export no longer verifies
    Path file =
        Deployment.sectorDataDir(Deployment.MAIN)
            .resolve("audit")
            .resolve(
                HEX.formatHex(
                        MessageDigest.getInstance("SHA-256")
                            .digest(account.label().getBytes(StandardCharsets.UTF_8)))
                    + ".chain");
    String stored = Files.readString(file, StandardCharsets.US_ASCII);
    String changed = stored.replaceFirst("\"size\":4096", "\"size\":4097");
    assertNotEquals(stored, changed);
    Files.writeString(file, changed, StandardCharsets.US_ASCII);
    List<JsonObject> tampered =
        json(relay.get("/v2/audit", key)).getJsonArray("entries").getValuesAs(JsonObject.class);
    assertEquals(4097, tampered.get(2).getInt("size"));
    AssertionError caught =
        org.junit.jupiter.api.Assertions.assertThrows(
            AssertionError.class, () -> verifyChain(tampered));
    assertTrue(caught.getMessage().contains("seq 3"), caught.getMessage());
  }

  @Test
  void the_chain_is_the_callers_own_and_bad_parameters_are_refused() {
    TestAccount alice = Deployment.newAccount("pro");
    TestAccount bob = Deployment.newAccount("pro");
    byte[] blob = RelayApi.randomBlob(512);
    assertEquals(200, relay.inboundBinary(alice.apiKey(), blob).statusCode());
    JsonObject bobs = json(relay.get("/v2/audit", bob.apiKey()));
    assertEquals(0, bobs.getJsonArray("entries").size(), "bob has done nothing");
    assertEquals(0, bobs.getJsonNumber("head_seq").longValue());
    assertEquals("00".repeat(32), bobs.getString("head_hash"));
    JsonObject alices = json(relay.get("/v2/audit", alice.apiKey()));
    assertNotEquals(alices.getString("audit_id"), bobs.getString("audit_id"));
    assertEquals(1, alices.getJsonArray("entries").size());

    assertError(relay.get("/v2/audit", null), 401, "missing_key");
    assertError(relay.get("/v2/audit?limit=0", alice.apiKey()), 400, "invalid_field");
    assertError(relay.get("/v2/audit?limit=100001", alice.apiKey()), 400, "invalid_field");
    assertError(relay.get("/v2/audit?after_seq=-1", alice.apiKey()), 400, "invalid_field");
    assertError(relay.get("/v2/audit?format=xml", alice.apiKey()), 400, "invalid_format");
  }

  @Test
  void webhook_outcomes_and_the_accounts_revocation_are_recorded() throws Exception {
    TestAccount account = Deployment.newAccount("pro");
    String key = account.apiKey();
    String hash;
    JsonObject page;
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      hash = relay.store(key, RelayApi.randomBlob(64));
      assertEquals(
          200,
          WebhookIT.register(
                  relay,
                  key,
                  "{\"hash\":\"" + hash + "\",\"callback_url\":\"" + receiver.url("/a") + "\"}")
              .statusCode());
      assertEquals(200, relay.outbound(key, hash).statusCode());
      receiver.next(5_000);
      // the receiver stays up until the relay has its answer (and recorded the outcome)
      page = awaitAnchoredHead(key, "webhook_delivered");
    }
    List<JsonObject> entries = page.getJsonArray("entries").getValuesAs(JsonObject.class);
    assertEquals(
        List.of("inbound", "burn", "webhook_delivered"),
        entries.stream().map(e -> e.getString("event")).toList());
    assertEquals(hash, entries.get(2).getString("subject"));
    verifyChain(entries);

    // a revoked account cannot ask for its chain any more; its file records the revocation
    Deployment.revokeAndReload(account.label());
    assertError(relay.get("/v2/audit", key), 401, "invalid_key");
    Path file = chainFile(account.label());
    long deadline = System.nanoTime() + 10_000_000_000L;
    String last;
    do {
      List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
      last = lines.stream().filter(l -> l.startsWith("E ")).reduce((a, b) -> b).orElseThrow();
      if (last.contains("\"event\":\"revocation\"")) {
        break;
      }
      Thread.sleep(200);
    } while (System.nanoTime() < deadline);
    assertTrue(last.endsWith(",\"event\":\"revocation\",\"seq\":4,\"subject\":\"account\"}"), last);
  }

  private static Path chainFile(String label) throws Exception {
    return Deployment.sectorDataDir(Deployment.MAIN)
        .resolve("audit")
        .resolve(
            HEX.formatHex(
                    MessageDigest.getInstance("SHA-256")
                        .digest(label.getBytes(StandardCharsets.UTF_8)))
                + ".chain");
  }

  private JsonObject awaitAnchoredHead(String key, String lastEvent) throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    JsonObject page;
    do {
      page = json(relay.get("/v2/audit", key));
      JsonArray entries = page.getJsonArray("entries");
      JsonArray anchors = page.getJsonArray("anchors");
      if (!entries.isEmpty()
          && entries.getJsonObject(entries.size() - 1).getString("event").equals(lastEvent)
          && !anchors.isEmpty()
          && anchors.getJsonObject(anchors.size() - 1).getJsonNumber("seq").longValue()
              == page.getJsonNumber("head_seq").longValue()) {
        return page;
      }
      Thread.sleep(500);
    } while (System.nanoTime() < deadline);
    throw new AssertionError(
        "no anchored head with a last " + lastEvent + " entry in 60 s: " + page);
  }

  /**
   * PROTOCOL.md: entry_hash = SHA3-256(prev_hash || RFC 8785 JSON of {seq, at, event, subject,
   * size?}).
   */
  static void verifyChain(List<JsonObject> entries) {
    byte[] prev = new byte[32];
    for (JsonObject e : entries) {
      long seq = e.getJsonNumber("seq").longValue();
      assertEquals(HEX.formatHex(prev), e.getString("prev_hash"), "prev_hash of seq " + seq);
      Map<String, Object> members = new TreeMap<>(); // RFC 8785 §3.2.3: sorted by UTF-16 units
      members.put("seq", seq);
      members.put("at", e.getJsonNumber("at").longValue());
      members.put("event", e.getString("event"));
      members.put("subject", e.getString("subject"));
      if (e.containsKey("size")) {
        members.put("size", e.getJsonNumber("size").longValue());
      }
      StringBuilder jcs = new StringBuilder("{");
      members.forEach(
          (name, value) -> {
            if (jcs.length() > 1) {
              jcs.append(',');
            }
            jcs.append(Json.createValue(name)).append(':');
            jcs.append(
                value instanceof Long n
                    ? n.toString()
                    : Json.createValue((String) value).toString());
          });
      jcs.append('}');
      byte[] hash = sha3(concat(prev, jcs.toString().getBytes(StandardCharsets.UTF_8)));
      if (!HEX.formatHex(hash).equals(e.getString("entry_hash"))) {
        throw new AssertionError("entry_hash of seq " + seq + " is not SHA3-256(prev || JCS)");
      }
      prev = hash;
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = new byte[a.length + b.length];
    System.arraycopy(a, 0, both, 0, a.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  private static byte[] sha3(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA3-256").digest(bytes);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
