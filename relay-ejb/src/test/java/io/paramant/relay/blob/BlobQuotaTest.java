package io.paramant.relay.blob;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Per-account quotas in the blob store: a free account on a 16-slot store holds 2 slots, blobs and
 * drops together, and every way a slot ends gives it back exactly once.
 */
class BlobQuotaTest {

  private static final long HOUR = 3_600_000;
  private static final Account ALICE = account("alice", Plan.FREE);
  private static final Account BOB = account("bob", Plan.FREE);

  private final AtomicLong now = new AtomicLong(1_000_000);
  private final List<BlobEvent> events = new CopyOnWriteArrayList<>();
  private final BlobStore store = new BlobStore(16, now::get, events::add, hash -> 0L);

  @Test
  void a_free_accounts_third_upload_on_sixteen_slots_is_refused_before_any_byte_and_others_go_on()
      throws Exception {
    byte[] first = random(100, 1);
    byte[] second = random(200, 2);
    store(ALICE, first, HOUR);
    store(ALICE, second, HOUR);

    QuotaExceededException refused =
        assertThrows(QuotaExceededException.class, () -> store.beginUpload(ALICE));
    assertEquals("quota_exceeded", refused.code());
    assertEquals(BlobStore.RETRY_AFTER_SECONDS, refused.retryAfterSeconds());
    assertThrows(QuotaExceededException.class, () -> store.beginDrop(ALICE));
    assertTrue(events.contains(new BlobEvent.RejectedOverQuota(ALICE.owner(), now.get())));

    assertEquals(2, store.slabsInUse(), "the refusals took no slab");
    assertEquals(2, store.slotsHeldBy("alice"));
    String bobs = store(BOB, random(300, 3), HOUR);
    assertEquals(3, store.blobsInFlight());
    assertArrayEquals(first, download(sha256Hex(first), ALICE));
    assertArrayEquals(second, download(sha256Hex(second), ALICE));
    assertEquals(300, download(bobs, BOB).length);
    assertEquals(0, store.slabsInUse());
  }

  @Test
  void drops_and_blobs_share_the_accounts_quota() {
    drop(ALICE, dropId(1));
    store(ALICE, random(10, 4), HOUR);

    assertThrows(QuotaExceededException.class, () -> store.beginUpload(ALICE));
    assertThrows(QuotaExceededException.class, () -> store.beginDrop(ALICE));
  }

  @Test
  void a_slot_comes_back_once_by_download_by_pickup_and_by_expiry() throws Exception {
    String blob = store(ALICE, random(10, 5), HOUR);
    drop(ALICE, dropId(2));
    download(blob, ALICE);
    assertEquals(1, store.slotsHeldBy("alice"));
    store.claimDrop(dropId(2)).transferTo(OutputStream.nullOutputStream());
    assertEquals(0, store.slotsHeldBy("alice"));

    store(ALICE, random(10, 6), 1_000);
    drop(ALICE, dropId(3));
    now.addAndGet(1_000);
    store.sweep();
    store.sweep();
    assertEquals(0, store.slotsHeldBy("alice"));
    assertEquals(0, store.slabsInUse());

    String touched = store(ALICE, random(10, 7), 1_000);
    now.addAndGet(1_000);
    assertThrows(BlobNotFoundException.class, () -> store.claim(touched, ALICE.owner()));
    assertThrows(BlobNotFoundException.class, () -> store.claim(touched, ALICE.owner()));
    assertEquals(0, store.slotsHeldBy("alice"));
  }

  @Test
  void a_failed_or_abandoned_upload_gives_its_slot_back_at_once() {
    byte[] blob = random(100, 8);
    try (Upload upload = store.beginUpload(ALICE)) {
      upload.write(blob, 0, blob.length);
      assertThrows(
          HashMismatchException.class, () -> upload.commit(sha256Hex(random(1, 9)), HOUR, null));
    }
    try (Upload upload = store.beginUpload(ALICE)) {
      upload.write(blob, 0, 10); // the client went away, or was too slow: never committed
    }
    try (Upload upload = store.beginDrop(ALICE)) {
      upload.write(blob, 0, 10);
    }
    assertEquals(0, store.slotsHeldBy("alice"));
    assertEquals(0, store.slabsInUse());
  }

  @Test
  void a_lost_race_for_a_hash_and_a_failed_log_append_give_the_slot_back_once() {
    byte[] blob = random(100, 10);
    store(BOB, blob, HOUR);
    try (Upload upload = store.beginUpload(ALICE)) {
      upload.write(blob, 0, blob.length);
      assertThrows(BlobExistsException.class, () -> upload.commit(sha256Hex(blob), HOUR, null));
    }
    assertEquals(0, store.slotsHeldBy("alice"));
    drop(BOB, dropId(4));
    try (Upload upload = store.beginDrop(ALICE)) {
      upload.write(blob, 0, 1);
      assertThrows(DropExistsException.class, () -> upload.commitDrop(dropId(4), HOUR));
    }
    assertEquals(0, store.slotsHeldBy("alice"));

    BlobStore failing =
        new BlobStore(
            16,
            now::get,
            events::add,
            hash -> {
              throw new IllegalStateException("journal unavailable");
            });
    try (Upload upload = failing.beginUpload(ALICE)) {
      upload.write(blob, 0, blob.length);
      assertThrows(IllegalStateException.class, () -> upload.commit(sha256Hex(blob), HOUR, null));
    }
    assertEquals(0, failing.slotsHeldBy("alice"));
    assertEquals(0, failing.slabsInUse());
  }

  @Test
  void concurrent_uploads_of_one_account_never_hold_more_than_its_quota() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(16);
    try {
      for (int round = 0; round < 20; round++) {
        BlobStore fresh = new BlobStore(16, now::get, events::add, hash -> 0L);
        Account racer = account("racer", Plan.FREE);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
          int n = i;
          results.add(
              threads.submit(
                  () -> {
                    start.await();
                    byte[] blob = random(50, 1_000L * n + 11);
                    try (Upload upload = fresh.beginUpload(racer)) {
                      upload.write(blob, 0, blob.length);
                      upload.commit(sha256Hex(blob), HOUR, null);
                      return true;
                    } catch (QuotaExceededException refused) {
                      return false;
                    }
                  }));
        }
        start.countDown();
        int stored = 0;
        for (Future<Boolean> result : results) {
          stored += result.get() ? 1 : 0;
        }
        assertEquals(2, stored, "round " + round);
        assertEquals(2, fresh.blobsInFlight(), "round " + round);
        assertEquals(2, fresh.slabsInUse(), "round " + round);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  private String store(Account account, byte[] blob, long ttlMs) {
    try (Upload upload = store.beginUpload(account)) {
      upload.write(blob, 0, blob.length);
      return upload.commit(sha256Hex(blob), ttlMs, null).hash();
    }
  }

  private void drop(Account account, String id) {
    try (Upload upload = store.beginDrop(account)) {
      upload.write(new byte[] {1, 2, 3}, 0, 3);
      upload.commitDrop(id, 1_000);
    }
  }

  private byte[] download(String hash, Account reader) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    store.claim(hash, reader.owner()).transferTo(out);
    return out.toByteArray();
  }

  static Account account(String label, Plan plan) {
    return new Account(label, plan, label + "@example.com", true, null, null);
  }

  private static String dropId(int n) {
    return HexFormat.of().formatHex(random(32, 5_000 + n));
  }

  static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
