package io.paramant.systemtests;

import static io.paramant.systemtests.RelayApi.assertError;
import static io.paramant.systemtests.RelayApi.json;
import static io.paramant.systemtests.RelayApi.randomBlob;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.ct.sth.SignedTreeHead;
import io.paramant.ct.witness.Cosignature;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Witness cosignatures between the sectors of one deployment (PROTOCOL.md "Witness cosignatures"),
 * on the real relays: by default every sector witnesses the others, every served tree head carries
 * the cosignatures of its size and root, they verify with the keys the witnesses serve at {@code
 * GET /v2/witness}, a witness answers what it refuses with the documented codes, and it remembers
 * what it cosigned across a restart. Heads signed with a forged or stolen log key (fork, bad
 * proofs) are played by {@code WitnessTest} in ct-log, where the test can hold the log's key.
 *
 * <p>The restart tests run on {@link Deployment#LEGAL}; one of them is an operator-contract test
 * that deletes the witness's state file, because its subject is what the relay does when that file
 * is gone, and re-seeds it as docs/operations.md tells an operator to.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WitnessIT {

  /**
   * The first start of {@link Deployment#LEGAL} for the restart test, which runs last: the sector
   * boots while the other tests run, instead of in the restart test's own time.
   */
  private static java.util.concurrent.CompletableFuture<java.net.URI> legalStarted;

  private static final HexFormat HEX = HexFormat.of();
  private static final long WAIT_MILLIS = 180_000;

  private final RelayApi main = new RelayApi(Deployment.baseUri(Deployment.MAIN));
  private final RelayApi iot = new RelayApi(Deployment.baseUri(Deployment.IOT));
  private final String apiKey = Deployment.newAccount("pro").apiKey();

  @BeforeAll
  static void startLegal() {
    legalStarted =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> Deployment.up(Deployment.LEGAL));
  }

  /**
   * Stops legal if the restart test did not get to (a start still under way is waited for first):
   * other tests expect it down.
   */
  @AfterAll
  static void stopLegal() {
    if (legalStarted.exceptionally(failed -> null).join() != null) {
      Deployment.down(Deployment.LEGAL);
    }
  }

  @Test
  void sibling_sectors_cosign_each_others_heads_with_the_keys_they_serve() {
    JsonObject mainKey = witnessKey(main);
    JsonObject iotKey = witnessKey(iot);
    assertEquals(origin(Deployment.MAIN), mainKey.getString("url"));

    // a new leaf: its head gets the sibling's cosignature, and the reverse holds too
    long size = append(main);
    JsonObject sth =
        cosignedHead(main, iotKey, head -> head.getJsonNumber("tree_size").longValue() >= size);
    assertEquals(origin(Deployment.MAIN), sth.getString("origin"));
    assertCosignedBy(sth, iotKey);
    assertCosignedBy(cosignedHead(iot, mainKey, head -> true), mainKey);

    // the sth inside a leaf page is served the same way
    JsonObject page = json(main.get("/v2/ct/leaves?from=0&to=1", null));
    assertEquals(origin(Deployment.MAIN), page.getJsonObject("sth").getString("origin"));
    assertTrue(page.getJsonObject("sth").containsKey("cosignatures"));

    // the log names its witnesses, with the keys they serve
    JsonObject witnesses = json(main.get("/v2/ct/witnesses", null));
    assertEquals(origin(Deployment.MAIN), witnesses.getString("origin"));
    JsonObject iotEntry =
        witnesses.getJsonArray("witnesses").getValuesAs(JsonObject.class).stream()
            .filter(w -> w.getString("url").equals(origin(Deployment.IOT)))
            .findFirst()
            .orElseThrow(() -> new AssertionError("iot is not among " + witnesses));
    assertEquals(iotKey.getString("witness_key_id"), iotEntry.getString("witness_key_id"));
    assertEquals(iotKey.getString("public_key"), iotEntry.getString("public_key"));
  }

  /**
   * Ten new heads in a row each get the sibling's cosignature; prints how long each waited at the
   * default rate (docs/PERFORMANCE.md, "Witness cosigning"), polling every 20 ms.
   */
  @Test
  void each_new_head_gets_its_siblings_cosignature_and_the_wait_is_printed() {
    JsonObject iotKey = witnessKey(iot);
    long[] millis = new long[10];
    for (int i = 0; i < millis.length; i++) {
      long size = append(main);
      long start = System.nanoTime();
      cosignedHead(main, iotKey, head -> head.getJsonNumber("tree_size").longValue() >= size, 20);
      millis[i] = (System.nanoTime() - start) / 1_000_000;
    }
    System.out.println(
        "WitnessIT: ms from an append's answer to a served head with the sibling's cosignature: "
            + java.util.Arrays.toString(millis));
  }

  @Test
  void a_witness_refuses_heads_it_cannot_accept_with_the_documented_codes() {
    JsonObject iotKey = witnessKey(iot);
    long size = append(main);
    // once iot cosigned main's newest head, main stays idle: iot's checkpoint of main is fixed
    JsonObject sth =
        cosignedHead(
            main,
            iotKey,
            head ->
                head.getJsonNumber("tree_size").longValue() >= size
                    && cosignatureOf(head, iotKey).isPresent());
    long cosignedSize = sth.getJsonNumber("tree_size").longValue();

    // the witness names the size a proof must start from
    HttpResponse<byte[]> stale = cosign(iot, sth, 0, null);
    assertError(stale, 409, "stale");
    assertEquals(cosignedSize, json(stale).getJsonNumber("size").longValue());

    // the same head again, from the right size: cosigned again (no state change), and it verifies
    HttpResponse<byte[]> again = cosign(iot, sth, cosignedSize, null);
    assertEquals(200, again.statusCode(), new String(again.body()));
    JsonObject cosignature = json(again);
    verify(cosignature, iotKey, sth);

    // a changed root no longer verifies with main's key, which iot knows from its operator
    JsonObject forged = with(sth, "root_hash", Json.createValue("00".repeat(32)));
    assertError(cosign(iot, forged, cosignedSize, null), 403, "invalid_sth");

    // a log iot does not watch
    assertError(
        cosign(iot, with(sth, "origin", Json.createValue("https://log.example")), 0, null),
        404,
        "unknown_log");

    // a proof for equal sizes must be empty
    assertError(
        cosign(iot, sth, cosignedSize, Json.createArrayBuilder().add("00".repeat(32)).build()),
        422,
        "inconsistent");

    // bad requests
    assertError(post(iot, "{\"sth\":{}}"), 400, "invalid_cosign_request");
    assertError(post(iot, "not json"), 400, "malformed_json");
    assertError(post(iot, "{\"x\":\"" + "a".repeat(60_000) + "\"}"), 413, "payload_too_large");
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void a_witness_remembers_what_it_cosigned_across_a_restart_and_refuses_when_it_forgot()
      throws Exception {
    RelayApi legal = new RelayApi(legalStarted.join()); // Deployment.up(LEGAL), started before all
    JsonObject legalKey = witnessKey(legal);
    long size = append(main);
    JsonObject sth =
        cosignedHead(main, legalKey, head -> head.getJsonNumber("tree_size").longValue() >= size);
    long cosignedSize = sth.getJsonNumber("tree_size").longValue();
    assertError(cosign(legal, sth, 0, null), 409, "stale");

    Deployment.down(Deployment.LEGAL);
    legal = new RelayApi(Deployment.up(Deployment.LEGAL));
    assertEquals(legalKey, witnessKey(legal));
    HttpResponse<byte[]> stale = cosign(legal, sth, 0, null);
    assertError(stale, 409, "stale");
    // it remembers at least the head above; main's log grows on its own (audit anchors), so legal
    // may have cosigned a later head before it stopped (one CI run: 32 for 31), never one main has
    // not signed yet
    long remembered = json(stale).getJsonNumber("size").longValue();
    long mainSize = json(main.get("/v2/ct/sth", null)).getJsonNumber("tree_size").longValue();
    assertTrue(
        remembered >= cosignedSize && remembered <= mainSize,
        "remembered " + remembered + ", cosigned " + cosignedSize + ", main at " + mainSize);

    // the state file gone: the witness refuses every head until its operator re-seeds it
    Deployment.down(Deployment.LEGAL);
    Path state = Deployment.sectorDataDir(Deployment.LEGAL).resolve("witness.state");
    Files.delete(state);
    legal = new RelayApi(Deployment.up(Deployment.LEGAL));
    assertError(cosign(legal, sth, cosignedSize, null), 503, "witness_state_lost");
    assertError(cosign(legal, sth, 0, null), 503, "witness_state_lost");

    // re-seeded: it cosigns main's heads again (a fresh cosignature, made after the re-seed)
    Deployment.down(Deployment.LEGAL);
    Files.createFile(state.resolveSibling("witness.state.reseed"));
    long reseededAt = System.currentTimeMillis();
    legal = new RelayApi(Deployment.up(Deployment.LEGAL));
    assertTrue(Files.notExists(state.resolveSibling("witness.state.reseed")));
    JsonObject cosigned =
        cosignedHead(
            main,
            legalKey,
            head ->
                cosignatureOf(head, legalKey)
                    .filter(c -> c.getJsonNumber("cosigned_at").longValue() > reseededAt)
                    .isPresent());
    assertCosignedBy(cosigned, legalKey);
    Deployment.down(Deployment.LEGAL);
  }

  // ------------------------------------------------------------------------------------------------

  /** Uploads a blob to {@code relay}; the tree size that covers its leaf. */
  private long append(RelayApi relay) {
    HttpResponse<byte[]> response = relay.inboundBinary(apiKey, randomBlob(64));
    assertEquals(200, response.statusCode(), new String(response.body()));
    return json(response).getJsonNumber("ct_index").longValue() + 1;
  }

  /** GET /v2/witness, checked: the key id is the key's SHA3-256. */
  private static JsonObject witnessKey(RelayApi relay) {
    JsonObject key = json(relay.get("/v2/witness", null));
    assertEquals("ML-DSA-65", key.getString("algorithm"));
    assertEquals(
        SignedTreeHead.keyId(HEX.parseHex(key.getString("public_key"))),
        key.getString("witness_key_id"));
    return key;
  }

  /**
   * Polls {@code relay}'s GET /v2/ct/sth until a head that {@code wanted} accepts carries a
   * cosignature of {@code witness} (bounded; the submitter sends new heads within about a second).
   */
  private static JsonObject cosignedHead(
      RelayApi relay, JsonObject witness, Predicate<JsonObject> wanted) {
    return cosignedHead(relay, witness, wanted, 500);
  }

  private static JsonObject cosignedHead(
      RelayApi relay, JsonObject witness, Predicate<JsonObject> wanted, long pauseMillis) {
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    JsonObject sth;
    do {
      sth = json(relay.get("/v2/ct/sth", null));
      if (wanted.test(sth) && cosignatureOf(sth, witness).isPresent()) {
        return sth;
      }
      pause(pauseMillis);
    } while (System.currentTimeMillis() < deadline);
    throw new AssertionError(
        "no cosignature of " + witness.getString("url") + " within the wait; last head " + sth);
  }

  private static Optional<JsonObject> cosignatureOf(JsonObject sth, JsonObject witness) {
    return sth.getJsonArray("cosignatures").getValuesAs(JsonObject.class).stream()
        .filter(c -> c.getString("witness_key_id").equals(witness.getString("witness_key_id")))
        .findFirst();
  }

  private static void assertCosignedBy(JsonObject sth, JsonObject witness) {
    JsonObject cosignature = cosignatureOf(sth, witness).orElseThrow();
    assertEquals(witness.getString("url"), cosignature.getString("witness_url"));
    verify(cosignature, witness, sth);
  }

  /** Verifies a cosignature as a client that pinned the witness's key does. */
  private static void verify(JsonObject cosignature, JsonObject witness, JsonObject sth) {
    SignedTreeHead head = TransparencyLogIT.verifiedTreeHead(sth);
    new Cosignature(
            cosignature.getString("witness_key_id"),
            witness.getString("url"),
            cosignature.getJsonNumber("cosigned_at").longValue(),
            HEX.parseHex(cosignature.getString("signature")))
        .verify(HEX.parseHex(witness.getString("public_key")), sth.getString("origin"), head);
  }

  private static HttpResponse<byte[]> cosign(
      RelayApi witness, JsonObject sth, long fromSize, JsonValue proof) {
    JsonObjectBuilder body = Json.createObjectBuilder().add("sth", sth).add("from_size", fromSize);
    if (proof != null) {
      body.add("consistency_proof", proof);
    }
    return post(witness, body.build().toString());
  }

  private static HttpResponse<byte[]> post(RelayApi witness, String body) {
    return witness.send(
        witness
            .request("/v2/witness/cosign", null)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  private static JsonObject with(JsonObject object, String field, JsonValue value) {
    return Json.createObjectBuilder(object).add(field, value).build();
  }

  /** A sector's origin: its base URL without the trailing slash. */
  private static String origin(String sector) {
    String url = Deployment.baseUri(sector).toString();
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
