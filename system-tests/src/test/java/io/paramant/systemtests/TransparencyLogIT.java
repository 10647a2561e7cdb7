package io.paramant.systemtests;

import static io.paramant.systemtests.RelayApi.assertError;
import static io.paramant.systemtests.RelayApi.json;
import static io.paramant.systemtests.RelayApi.randomBlob;
import static io.paramant.systemtests.RelayApi.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.ct.entry.EntryType;
import io.paramant.ct.entry.LogEntry;
import io.paramant.ct.merkle.ConsistencyProof;
import io.paramant.ct.merkle.InclusionProof;
import io.paramant.ct.merkle.InvalidProofException;
import io.paramant.ct.merkle.TreeHasher;
import io.paramant.ct.sth.InvalidTreeHeadException;
import io.paramant.ct.sth.SignedTreeHead;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The sector's public log through HTTP, checked the way a client checks it: signature, inclusion
 * and consistency proofs verified with the log's own verifier code.
 */
class TransparencyLogIT {

  private static final HexFormat HEX = HexFormat.of();

  private final RelayApi relay = new RelayApi(Deployment.baseUri(Deployment.MAIN));
  private final String key = Deployment.apiKey("pro");

  @Test
  void every_upload_gets_a_transfer_leaf_whose_inclusion_proof_verifies() {
    byte[] blob = randomBlob(2048);
    long index = json(relay.inboundBinary(key, blob)).getJsonNumber("ct_index").longValue();

    JsonObject page = json(relay.get("/v2/ct/leaves?from=" + index + "&to=" + (index + 1), null));

    SignedTreeHead sth = verifiedTreeHead(page.getJsonObject("sth"));
    assertEquals(sth.treeSize(), page.getJsonNumber("tree_size").longValue());
    JsonObject leaf = page.getJsonArray("leaves").getJsonObject(0);
    assertEquals(
        Set.of(
            "index",
            "leaf_hash",
            "leaf_bytes",
            "type",
            "subject",
            "blob_hash",
            "sector",
            "inserted_at",
            "inclusion_proof"),
        leaf.keySet(),
        "a leaf holds hashes and metadata only: no payload, key, device or address");
    assertEquals(index, leaf.getJsonNumber("index").longValue());
    assertEquals("transfer", leaf.getString("type"));
    assertEquals(sha256(blob), leaf.getString("blob_hash"));
    assertEquals("main", leaf.getString("sector"));
    // the raw leaf is what the hash and the proof are over, and it says what the fields say
    byte[] leafBytes = HEX.parseHex(leaf.getString("leaf_bytes"));
    assertEquals(
        leaf.getString("leaf_hash"), HEX.formatHex(TreeHasher.SHA3_256.hashLeaf(leafBytes)));
    LogEntry entry = LogEntry.decode(leafBytes);
    assertEquals(EntryType.TRANSFER, entry.type());
    assertEquals(sha256(blob), entry.subject());
    assertEquals("main", entry.sector());
    new InclusionProof(index, sth.treeSize(), hashes(leaf.getJsonArray("inclusion_proof")))
        .verify(TreeHasher.SHA3_256, HEX.parseHex(leaf.getString("leaf_hash")), sth.rootHash());
    relay.outbound(key, sha256(blob));
  }

  @Test
  void a_page_asked_for_without_proofs_holds_the_same_leaves_without_their_inclusion_proofs() {
    byte[] blob = randomBlob(100);
    long index = json(relay.inboundBinary(key, blob)).getJsonNumber("ct_index").longValue();
    long size = verifiedTreeHead(json(relay.get("/v2/ct/sth", null))).treeSize();
    String page = "/v2/ct/leaves?from=" + index + "&to=" + (index + 1) + "&tree_size=" + size;

    JsonObject with = json(relay.get(page, null)).getJsonArray("leaves").getJsonObject(0);
    JsonObject without =
        json(relay.get(page + "&proofs=false", null)).getJsonArray("leaves").getJsonObject(0);

    assertTrue(with.containsKey("inclusion_proof"), with::toString);
    assertEquals(Json.createObjectBuilder(with).remove("inclusion_proof").build(), without);
    assertEquals(
        json(relay.get(page + "&proofs=true", null)).getJsonArray("leaves").getJsonObject(0), with);
    assertError(relay.get(page + "&proofs=no", null), 400, "invalid_range");
    relay.outbound(key, sha256(blob));
  }

  @Test
  void inclusion_proof_by_blob_hash_verifies_against_the_signed_head() {
    byte[] blob = randomBlob(100);
    long index = json(relay.inboundBinary(key, blob)).getJsonNumber("ct_index").longValue();
    SignedTreeHead sth = verifiedTreeHead(json(relay.get("/v2/ct/sth", null)));

    JsonObject proof =
        json(
            relay.get(
                "/v2/ct/proof/inclusion?hash=" + sha256(blob) + "&tree_size=" + sth.treeSize(),
                null));
    JsonObject leaf =
        json(relay.get("/v2/ct/leaves?from=" + index + "&to=" + (index + 1), null))
            .getJsonArray("leaves")
            .getJsonObject(0);

    assertEquals(index, proof.getJsonNumber("leaf_index").longValue());
    new InclusionProof(index, sth.treeSize(), hashes(proof.getJsonArray("proof")))
        .verify(TreeHasher.SHA3_256, HEX.parseHex(leaf.getString("leaf_hash")), sth.rootHash());
    relay.outbound(key, sha256(blob));
    assertError(
        relay.get("/v2/ct/proof/inclusion?hash=" + sha256(randomBlob(10)), null), 404, "not_found");
  }

  @Test
  void later_heads_are_consistent_with_earlier_ones_and_a_forged_root_is_caught() {
    relay.store(key, randomBlob(10));
    SignedTreeHead earlier = verifiedTreeHead(json(relay.get("/v2/ct/sth", null)));
    for (int i = 0; i < 3; i++) {
      relay.store(key, randomBlob(10));
    }
    SignedTreeHead later = awaitNewerHead(earlier.treeSize() + 3);

    JsonObject proof =
        json(
            relay.get(
                "/v2/ct/proof/consistency?first="
                    + earlier.treeSize()
                    + "&second="
                    + later.treeSize(),
                null));
    ConsistencyProof consistency =
        new ConsistencyProof(
            earlier.treeSize(), later.treeSize(), hashes(proof.getJsonArray("proof")));

    consistency.verify(TreeHasher.SHA3_256, earlier.rootHash(), later.rootHash());
    byte[] forged = later.rootHash();
    forged[0] ^= 1;
    assertThrows(
        InvalidProofException.class,
        () -> consistency.verify(TreeHasher.SHA3_256, earlier.rootHash(), forged));
  }

  @Test
  void a_tampered_tree_head_fails_signature_verification() {
    JsonObject sth = json(relay.get("/v2/ct/sth", null));
    SignedTreeHead genuine = verifiedTreeHead(sth);
    SignedTreeHead tampered =
        new SignedTreeHead(
            genuine.treeSize() + 1,
            genuine.timestampMillis(),
            genuine.rootHash(),
            genuine.signature(),
            genuine.keyId());

    assertThrows(
        InvalidTreeHeadException.class,
        () -> tampered.verify(HEX.parseHex(sth.getString("public_key"))));
  }

  @Test
  void bad_ranges_and_sizes_are_400_json() {
    long size = json(relay.get("/v2/ct/sth", null)).getJsonNumber("tree_size").longValue();
    for (String query :
        List.of(
            "leaves?from=abc&to=2",
            "leaves?from=-1&to=2",
            "leaves?from=5&to=2",
            "leaves?from=0&to=100000",
            "leaves?from=0",
            "leaves?from=" + size + "&to=" + (size + 1),
            "proof/consistency?first=1&second=" + (size + 10),
            "proof/consistency?first=x&second=1",
            "proof/consistency?first=3&second=2",
            "proof/inclusion?index=" + (size + 5),
            "proof/inclusion?index=0&tree_size=" + (size + 5),
            "proof/inclusion?index=0&hash=" + "a".repeat(64),
            "proof/inclusion")) {
      assertError(relay.get("/v2/ct/" + query, null), 400, "invalid_range");
    }
    assertError(relay.get("/v2/ct/proof/inclusion?hash=xyz", null), 400, "invalid_hash");
  }

  private SignedTreeHead awaitNewerHead(long minimumSize) {
    long deadline = System.currentTimeMillis() + 5_000;
    while (true) {
      SignedTreeHead sth = verifiedTreeHead(json(relay.get("/v2/ct/sth", null)));
      if (sth.treeSize() >= minimumSize || System.currentTimeMillis() > deadline) {
        assertTrue(sth.treeSize() >= minimumSize, "tree head did not reach " + minimumSize);
        return sth;
      }
    }
  }

  /** Parses a tree head and checks its signature and key id as a client does. */
  static SignedTreeHead verifiedTreeHead(JsonObject json) {
    byte[] publicKey = HEX.parseHex(json.getString("public_key"));
    assertEquals("ML-DSA-65", json.getString("algorithm"));
    assertEquals(SignedTreeHead.keyId(publicKey), json.getString("key_id"));
    SignedTreeHead sth =
        new SignedTreeHead(
            json.getJsonNumber("tree_size").longValue(),
            json.getJsonNumber("timestamp").longValue(),
            HEX.parseHex(json.getString("root_hash")),
            HEX.parseHex(json.getString("signature")),
            json.getString("key_id"));
    sth.verify(publicKey);
    return sth;
  }

  private static List<byte[]> hashes(JsonArray array) {
    return array.getValuesAs(jakarta.json.JsonString.class).stream()
        .map(s -> HEX.parseHex(s.getString()))
        .toList();
  }
}
