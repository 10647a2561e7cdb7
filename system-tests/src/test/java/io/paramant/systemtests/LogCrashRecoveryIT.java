package io.paramant.systemtests;

import static io.paramant.systemtests.RelayApi.json;
import static io.paramant.systemtests.RelayApi.randomBlob;
import static io.paramant.systemtests.RelayApi.sha256;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.ct.merkle.ConsistencyProof;
import io.paramant.ct.merkle.TreeHasher;
import io.paramant.ct.sth.SignedTreeHead;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * kill -9 during a burst of uploads: every acknowledged upload keeps its leaf, the log after the
 * restart is consistent with every tree head seen before the crash, and a torn tail is cut and
 * logged.
 *
 * <p>An operator-contract test: its subject is the sector's journal on disk after a crash, so it
 * crashes the process (SIGKILL by the launcher's pid file), appends what a write cut short leaves
 * to {@code $PARAMANT_DATA/<sector>/ct.journal} (no product tool writes a torn record), restarts
 * the sector with the launcher, and checks the file and the relay's log besides the API.
 */
class LogCrashRecoveryIT {

  private static final HexFormat HEX = HexFormat.of();

  /**
   * Senders of four accounts: one account may hold only its plan's share of the relay's slots (pro:
   * half), and the burst must be able to fill the relay as before.
   */
  private final List<String> keys =
      java.util.stream.IntStream.range(0, 4)
          .mapToObj(i -> Deployment.newAccount("pro").apiKey())
          .toList();

  /** Other classes expect legal down (NginxIT, and every upWith of legal would find it running). */
  @AfterAll
  static void stopLegal() {
    Deployment.down(Deployment.LEGAL);
  }

  @Test
  void acknowledged_uploads_survive_a_crash_and_the_restarted_log_is_consistent() throws Exception {
    RelayApi relay = new RelayApi(Deployment.up(Deployment.LEGAL));
    Map<String, Long> acknowledged = new ConcurrentHashMap<>();
    List<SignedTreeHead> headsBeforeCrash = new CopyOnWriteArrayList<>();
    AtomicBoolean crashed = new AtomicBoolean();
    ExecutorService senders = Executors.newFixedThreadPool(8);
    for (int i = 0; i < 8; i++) {
      String key = keys.get(i % keys.size());
      senders.submit(
          () -> {
            while (!crashed.get()) {
              byte[] blob = randomBlob(64);
              try {
                HttpResponse<byte[]> response = relay.inboundBinary(key, blob);
                if (response.statusCode() == 200) {
                  acknowledged.put(
                      sha256(blob), json(response).getJsonNumber("ct_index").longValue());
                }
              } catch (UncheckedIOException connectionLost) {
                // the relay died under this request: not acknowledged, nothing to check
              }
            }
          });
    }
    long deadline = System.currentTimeMillis() + 3_000;
    while (System.currentTimeMillis() < deadline || acknowledged.size() < 50) {
      headsBeforeCrash.add(TransparencyLogIT.verifiedTreeHead(json(relay.get("/v2/ct/sth", null))));
      Thread.sleep(200);
    }
    Deployment.kill(Deployment.LEGAL);
    crashed.set(true);
    senders.shutdown();
    assertTrue(senders.awaitTermination(60, TimeUnit.SECONDS));

    // what a crash in the middle of a write leaves: a record header with half its payload
    Path journal = Deployment.sectorDataDir(Deployment.LEGAL).resolve("ct.journal");
    long intact = Files.size(journal);
    Files.write(journal, new byte[] {0, 0, 0, 40, 1, 2, 3, 4, 5, 6, 7}, StandardOpenOption.APPEND);

    Deployment.up(Deployment.LEGAL);

    assertEquals(intact, Files.size(journal), "the torn tail is cut");
    assertTrue(
        Files.readString(Deployment.logFile(Deployment.LEGAL))
            .contains("Cut 11 bytes of torn tail"),
        "the cut is logged");
    SignedTreeHead after = TransparencyLogIT.verifiedTreeHead(json(relay.get("/v2/ct/sth", null)));
    for (SignedTreeHead before : headsBeforeCrash) {
      if (before.treeSize() == 0) {
        continue; // the empty tree is a prefix of every tree
      }
      if (before.treeSize() == after.treeSize()) {
        assertArrayEquals(before.rootHash(), after.rootHash());
        continue;
      }
      HttpResponse<byte[]> response =
          relay.get(
              "/v2/ct/proof/consistency?first=" + before.treeSize() + "&second=" + after.treeSize(),
              null);
      assertEquals(200, response.statusCode(), () -> RelayApi.text(response));
      new ConsistencyProof(
              before.treeSize(), after.treeSize(), hashes(json(response).getJsonArray("proof")))
          .verify(TreeHasher.SHA3_256, before.rootHash(), after.rootHash());
    }
    Map<Long, String> logged = transferLeaves(relay, after.treeSize());
    for (Map.Entry<String, Long> upload : acknowledged.entrySet()) {
      assertEquals(upload.getKey(), logged.get(upload.getValue()), "leaf of acknowledged upload");
    }
    assertTrue(
        acknowledged.size() >= 50, "uploads acknowledged before the crash: " + acknowledged.size());
    assertTrue(after.treeSize() >= acknowledged.size());
  }

  private static Map<Long, String> transferLeaves(RelayApi relay, long treeSize) {
    Map<Long, String> leaves = new ConcurrentHashMap<>();
    for (long from = 0; from < treeSize; from += 1000) {
      JsonObject page =
          json(
              relay.get(
                  "/v2/ct/leaves?from=" + from + "&to=" + Math.min(treeSize, from + 1000), null));
      for (JsonObject leaf : page.getJsonArray("leaves").getValuesAs(JsonObject.class)) {
        // the log also holds the audit anchors of the uploading account
        if (leaf.getString("type").equals("transfer")) {
          leaves.put(leaf.getJsonNumber("index").longValue(), leaf.getString("blob_hash"));
        }
      }
    }
    return leaves;
  }

  private static List<byte[]> hashes(JsonArray array) {
    List<byte[]> hashes = new ArrayList<>();
    for (var value : array.getValuesAs(jakarta.json.JsonString.class)) {
      hashes.add(HEX.parseHex(value.getString()));
    }
    return hashes;
  }
}
