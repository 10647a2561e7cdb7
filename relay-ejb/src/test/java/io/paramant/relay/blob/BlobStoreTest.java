package io.paramant.relay.blob;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.accounts.Plan;
import io.paramant.relay.accounts.Account;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BlobStoreTest {

  private static final Owner ALICE = new Owner("alice", "alice");
  private static final Owner BOB = new Owner("bob", "bob");
  private static final long HOUR = 3_600_000;

  private final AtomicLong now = new AtomicLong(1_000_000);
  private final List<BlobEvent> events = new CopyOnWriteArrayList<>();
  private final List<String> ledger = new CopyOnWriteArrayList<>();

  /** Three slots, all of which one (enterprise) account may hold here. */
  private final BlobStore store =
      new BlobStore(
          3,
          Map.of(Plan.ENTERPRISE, 3),
          now::get,
          events::add,
          hash -> {
            ledger.add(HexFormat.of().formatHex(hash));
            return ledger.size() - 1;
          });

  @Test
  void stored_blob_is_delivered_once_with_exact_bytes_then_gone() throws Exception {
    byte[] blob = random(10_000, 1);
    String hash = store(blob, ALICE);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    store.claim(hash, ALICE).transferTo(out);

    assertArrayEquals(blob, out.toByteArray());
    assertThrows(BlobNotFoundException.class, () -> store.claim(hash, ALICE));
    assertEquals(BlobStatus.GONE, store.status(hash, ALICE));
    assertEquals(0, store.slabsInUse());
    assertTrue(
        events.stream().anyMatch(e -> e instanceof BlobEvent.Burned b && b.hash().equals(hash)));
  }

  @Test
  void every_acknowledged_upload_has_its_transfer_leaf() {
    String first = store(random(100, 20), ALICE);
    byte[] second = random(100, 21);
    StoredReceipt receipt;
    try (Upload upload = store.beginUpload(account(ALICE))) {
      upload.write(second, 0, second.length);
      receipt = upload.commit(sha256Hex(second), HOUR, null);
    }

    assertEquals(List.of(first, sha256Hex(second)), ledger);
    assertEquals(1, receipt.ctIndex());
  }

  @Test
  void upload_whose_log_append_fails_is_not_stored() {
    BlobStore failing =
        new BlobStore(
            1,
            now::get,
            events::add,
            hash -> {
              throw new IllegalStateException("journal unavailable");
            });
    byte[] blob = random(100, 22);
    try (Upload upload = failing.beginUpload(account(ALICE))) {
      upload.write(blob, 0, blob.length);
      assertThrows(IllegalStateException.class, () -> upload.commit(sha256Hex(blob), HOUR, null));
    }

    assertEquals(0, failing.slabsInUse());
    assertEquals(BlobStatus.GONE, failing.status(sha256Hex(blob), ALICE));
    assertTrue(events.isEmpty());
  }

  @Test
  void concurrent_claims_of_one_blob_only_one_succeeds() throws Exception {
    for (int round = 0; round < 50; round++) {
      String hash = store(random(1000, round), ALICE);
      int threads = 16;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  try {
                    store.claim(hash, ALICE).transferTo(OutputStream.nullOutputStream());
                    return true;
                  } catch (BlobNotFoundException e) {
                    return false;
                  }
                }));
      }
      start.countDown();
      int delivered = 0;
      for (Future<Boolean> result : results) {
        delivered += result.get() ? 1 : 0;
      }
      pool.shutdown();
      assertEquals(1, delivered, "round " + round);
    }
    assertEquals(0, store.slabsInUse());
  }

  @Test
  void failed_transfer_releases_the_claim_and_keeps_the_blob() throws Exception {
    byte[] blob = random(200_000, 2);
    String hash = store(blob, ALICE);
    OutputStream brokenAfterFirstChunk =
        new OutputStream() {
          int written;

          @Override
          public void write(int b) {}

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            written += len;
            if (written > 64 * 1024) {
              throw new IOException("connection reset");
            }
          }
        };

    assertThrows(
        IOException.class, () -> store.claim(hash, ALICE).transferTo(brokenAfterFirstChunk));

    assertTrue(store.status(hash, ALICE).available());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    store.claim(hash, ALICE).transferTo(out);
    assertArrayEquals(blob, out.toByteArray());
  }

  @Test
  void abandoned_claim_is_returned_by_the_sweep() {
    String hash = store(random(100, 3), ALICE);
    store.claim(hash, ALICE); // response never written
    assertThrows(BlobNotFoundException.class, () -> store.claim(hash, ALICE));

    now.addAndGet(BlobStore.STALE_CLAIM_MS + 1);
    store.sweep();

    assertTrue(store.status(hash, ALICE).available());
  }

  @Test
  void other_account_is_forbidden_team_member_is_allowed() throws Exception {
    Owner teamA1 = new Owner("a1", "team-a");
    Owner teamA2 = new Owner("a2", "team-a");
    String hash = store(random(100, 4), teamA1);

    assertThrows(BlobOfOtherAccountException.class, () -> store.claim(hash, BOB));
    assertThrows(BlobOfOtherAccountException.class, () -> store.status(hash, BOB));
    store.claim(hash, teamA2).transferTo(OutputStream.nullOutputStream());
  }

  @Test
  void full_store_refuses_before_reading_and_frees_after_a_download() throws Exception {
    String first = store(random(100, 5), ALICE);
    store(random(100, 6), ALICE);
    store(random(100, 7), ALICE);

    StoreFullException full =
        assertThrows(StoreFullException.class, () -> store.beginUpload(account(BOB)));
    assertEquals(BlobStore.RETRY_AFTER_SECONDS, full.retryAfterSeconds());
    assertTrue(events.stream().anyMatch(e -> e instanceof BlobEvent.RejectedAtCapacity));

    store.claim(first, ALICE).transferTo(OutputStream.nullOutputStream());
    store(random(100, 8), ALICE);
    assertEquals(3, store.slabsInUse());
  }

  @Test
  void expired_blobs_free_their_slabs_on_sweep_and_on_access() {
    String swept = storeWithTtl(random(100, 9), 1000);
    String touched = storeWithTtl(random(100, 10), 5000);

    now.addAndGet(1000);
    store.sweep();
    assertEquals(1, store.slabsInUse());
    assertEquals(BlobStatus.GONE, store.status(swept, ALICE));

    now.addAndGet(4000);
    assertThrows(BlobNotFoundException.class, () -> store.claim(touched, ALICE));
    assertEquals(0, store.slabsInUse());
    assertEquals(2, events.stream().filter(e -> e instanceof BlobEvent.Expired).count());
  }

  @Test
  void status_reports_size_and_remaining_ttl_without_consuming() {
    String hash = storeWithTtl(random(1234, 11), 10_000);
    now.addAndGet(2500);

    BlobStatus status = store.status(hash, ALICE);

    assertEquals(new BlobStatus(true, 1234, 7500), status);
    assertTrue(store.status(hash, ALICE).available());
  }

  @Test
  void hash_mismatch_is_refused_and_the_slab_recycled() {
    byte[] blob = random(100, 12);
    try (Upload upload = store.beginUpload(account(ALICE))) {
      upload.write(blob, 0, blob.length);
      String wrong = sha256Hex(random(100, 13));
      assertThrows(HashMismatchException.class, () -> upload.commit(wrong, HOUR, null));
    }
    assertEquals(0, store.slabsInUse());
    assertEquals(0, store.blobsInFlight());
  }

  @Test
  void duplicate_hash_is_a_conflict_and_the_first_blob_stays_intact() throws Exception {
    byte[] blob = random(100, 14);
    String hash = store(blob, ALICE);

    assertThrows(BlobExistsException.class, () -> store.requireAbsent(hash));
    assertThrows(BlobExistsException.class, () -> store(blob, BOB));

    assertEquals(1, store.slabsInUse());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    store.claim(hash, ALICE).transferTo(out);
    assertArrayEquals(blob, out.toByteArray());
  }

  @Test
  void payload_over_max_blob_is_refused_and_recycled() {
    byte[] chunk = new byte[1024 * 1024];
    try (Upload upload = store.beginUpload(account(ALICE))) {
      for (int i = 0; i < 5; i++) {
        upload.write(chunk, 0, chunk.length);
      }
      assertEquals(BlobStore.MAX_BLOB, upload.size());
      assertThrows(BlobTooLargeException.class, () -> upload.write(chunk, 0, 1));
    }
    assertEquals(0, store.slabsInUse());
  }

  @Test
  void empty_payload_is_refused() {
    try (Upload upload = store.beginUpload(account(ALICE))) {
      String emptyHash = sha256Hex(new byte[0]);
      assertThrows(
          io.paramant.relay.InvalidInputException.class,
          () -> upload.commit(emptyHash, HOUR, null));
    }
    assertEquals(0, store.slabsInUse());
  }

  @Test
  void burned_slab_is_shredded_before_reuse() throws Exception {
    byte[] zeros = new byte[SlabPool.SLAB_SIZE];
    String hash = store(zeros, ALICE);
    store.claim(hash, ALICE).transferTo(OutputStream.nullOutputStream());

    // The pool hands back the same slab: none of the old (all-zero) content may remain.
    try (Upload upload = store.beginUpload(account(ALICE))) {
      java.lang.reflect.Field slotField = Upload.class.getDeclaredField("slot");
      slotField.setAccessible(true);
      java.nio.ByteBuffer slab = ((Slot) slotField.get(upload)).slab;
      int zeroRuns = 0;
      for (int i = 0; i + 8 <= SlabPool.SLAB_SIZE; i += 8) {
        if (slab.getLong(i) == 0) {
          zeroRuns++;
        }
      }
      assertEquals(0, zeroRuns, "8-byte zero words left in a shredded slab");
    }
  }

  @Test
  void hash_must_be_64_hex_digits() {
    assertEquals("ab".repeat(32), BlobHash.parse("AB".repeat(32)));
    for (String bad :
        new String[] {null, "", "ab", "g".repeat(64), "a".repeat(65), "../" + "a".repeat(61)}) {
      assertThrows(
          io.paramant.relay.InvalidInputException.class,
          () -> BlobHash.parse(bad),
          String.valueOf(bad));
    }
    assertNotEquals(BlobHash.parse("a".repeat(64)), BlobHash.parse("b".repeat(64)));
    assertFalse(store.status("a".repeat(64), ALICE).available());
  }

  /** The (enterprise) account whose blobs {@code owner} names. */
  static Account account(Owner owner) {
    return new Account(
        owner.account(),
        Plan.ENTERPRISE,
        owner.account() + "@example.com",
        true,
        owner.account().equals(owner.team()) ? null : owner.team(),
        null);
  }

  private String store(byte[] blob, Owner owner) {
    return storeAs(blob, owner, HOUR);
  }

  private String storeWithTtl(byte[] blob, long ttlMs) {
    return storeAs(blob, ALICE, ttlMs);
  }

  private String storeAs(byte[] blob, Owner owner, long ttlMs) {
    String hash = sha256Hex(blob);
    try (Upload upload = store.beginUpload(account(owner))) {
      upload.write(blob, 0, blob.length);
      return upload.commit(hash, ttlMs, null).hash();
    }
  }

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
