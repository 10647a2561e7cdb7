package io.paramant.relay.blob;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.accounts.Plan;
import io.paramant.relay.InvalidInputException;
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

/** Anonymous drops in the blob store: their own namespace, no hash check, no log, one pickup. */
class DropStoreTest {

  private static final Owner ALICE = new Owner("alice", "alice");
  private static final Account ALICE_ACCOUNT = BlobStoreTest.account(ALICE);
  private static final long HOUR = 3_600_000;

  private final AtomicLong now = new AtomicLong(1_000_000);
  private final List<BlobEvent> events = new CopyOnWriteArrayList<>();
  private final List<String> ledger = new CopyOnWriteArrayList<>();
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
  void a_drop_is_picked_up_once_with_its_exact_bytes_by_anyone_then_gone() throws Exception {
    byte[] payload = random(10_000, 1);
    String id = dropId(1);

    DropReceipt receipt = drop(id, payload, HOUR);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    store.claimDrop(id).transferTo(out);

    assertEquals(new DropReceipt(id, 10_000, HOUR), receipt);
    assertArrayEquals(payload, out.toByteArray());
    assertThrows(DropNotFoundException.class, () -> store.claimDrop(id));
    assertEquals(0, store.slabsInUse());
    assertEquals(0, store.dropsInFlight());
  }

  @Test
  void a_drop_is_stored_under_its_id_without_a_hash_check_and_without_a_log_leaf() {
    drop(dropId(2), random(100, 2), HOUR);

    assertEquals(List.of(), ledger, "drops are not logged");
    assertEquals(1, store.dropsInFlight());
    assertEquals(0, store.blobsInFlight());
  }

  @Test
  void drop_ids_and_blob_hashes_never_collide() throws Exception {
    byte[] blob = random(100, 3);
    String hash = sha256Hex(blob);
    try (Upload upload = store.beginUpload(ALICE_ACCOUNT)) {
      upload.write(blob, 0, blob.length);
      upload.commit(hash, HOUR, null);
    }
    byte[] payload = random(200, 4);
    drop(hash, payload, HOUR); // the same 64 digits as a drop id

    ByteArrayOutputStream picked = new ByteArrayOutputStream();
    store.claimDrop(hash).transferTo(picked);
    assertArrayEquals(payload, picked.toByteArray());
    ByteArrayOutputStream downloaded = new ByteArrayOutputStream();
    store.claim(hash, ALICE).transferTo(downloaded);
    assertArrayEquals(blob, downloaded.toByteArray());
    // and a drop is never found as a blob, nor a blob as a drop
    drop(dropId(5), payload, HOUR);
    assertThrows(BlobNotFoundException.class, () -> store.claim(dropId(5), ALICE));
    assertEquals(BlobStatus.GONE, store.status(dropId(5), ALICE));
  }

  @Test
  void a_drop_upload_cannot_be_committed_as_a_blob_nor_a_blob_upload_as_a_drop() {
    byte[] payload = random(100, 6);
    try (Upload upload = store.beginDrop(ALICE_ACCOUNT)) {
      upload.write(payload, 0, payload.length);
      assertThrows(
          IllegalStateException.class, () -> upload.commit(sha256Hex(payload), HOUR, null));
    }
    try (Upload upload = store.beginUpload(ALICE_ACCOUNT)) {
      upload.write(payload, 0, payload.length);
      assertThrows(IllegalStateException.class, () -> upload.commitDrop(dropId(6), HOUR));
    }
    assertEquals(0, store.slabsInUse());
  }

  @Test
  void a_second_drop_with_the_same_id_is_a_conflict_and_the_first_stays_intact() throws Exception {
    byte[] first = random(100, 7);
    drop(dropId(7), first, HOUR);

    assertThrows(DropExistsException.class, () -> drop(dropId(7), random(100, 8), HOUR));

    assertEquals(1, store.slabsInUse());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    store.claimDrop(dropId(7)).transferTo(out);
    assertArrayEquals(first, out.toByteArray());
  }

  @Test
  void concurrent_pickups_of_one_drop_only_one_succeeds() throws Exception {
    for (int round = 0; round < 20; round++) {
      String id = dropId(100 + round);
      drop(id, random(1000, round), HOUR);
      ExecutorService pool = Executors.newFixedThreadPool(8);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  try {
                    store.claimDrop(id).transferTo(OutputStream.nullOutputStream());
                    return true;
                  } catch (DropNotFoundException e) {
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
  void a_failed_pickup_releases_the_drop() throws Exception {
    byte[] payload = random(200_000, 9);
    drop(dropId(9), payload, HOUR);
    OutputStream broken =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("connection reset");
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            throw new IOException("connection reset");
          }
        };

    assertThrows(IOException.class, () -> store.claimDrop(dropId(9)).transferTo(broken));

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    store.claimDrop(dropId(9)).transferTo(out);
    assertArrayEquals(payload, out.toByteArray());
  }

  @Test
  void an_abandoned_pickup_claim_is_returned_by_the_sweep() {
    drop(dropId(10), random(100, 10), HOUR);
    store.claimDrop(dropId(10)); // response never written
    assertThrows(DropNotFoundException.class, () -> store.claimDrop(dropId(10)));

    now.addAndGet(BlobStore.STALE_CLAIM_MS + 1);
    store.sweep();

    store.claimDrop(dropId(10)).abandon();
  }

  @Test
  void expired_drops_free_their_slabs_on_sweep_and_on_access() {
    drop(dropId(11), random(100, 11), 1000);
    drop(dropId(12), random(100, 12), 5000);

    now.addAndGet(1000);
    store.sweep();
    assertEquals(1, store.slabsInUse());

    now.addAndGet(4000);
    assertThrows(DropNotFoundException.class, () -> store.claimDrop(dropId(12)));
    assertEquals(0, store.slabsInUse());
    assertEquals(0, store.dropsInFlight());
    assertEquals(2, events.stream().filter(e -> e instanceof BlobEvent.DropExpired).count());
  }

  @Test
  void drop_events_are_their_own_and_never_carry_the_id() throws Exception {
    drop(dropId(13), random(100, 13), HOUR);
    store.claimDrop(dropId(13)).transferTo(OutputStream.nullOutputStream());

    assertEquals(
        List.of(
            new BlobEvent.DropStored(100, ALICE, now.get()),
            new BlobEvent.DropPickedUp(100, ALICE, now.get())),
        events);
    assertTrue(events.stream().noneMatch(e -> e.toString().contains(dropId(13))));
  }

  @Test
  void drops_share_the_slab_pool_and_are_refused_when_it_is_full() {
    drop(dropId(14), random(100, 14), HOUR);
    drop(dropId(15), random(100, 15), HOUR);
    drop(dropId(16), random(100, 16), HOUR);

    Account bob = BlobStoreTest.account(new Owner("bob", "bob"));
    assertThrows(StoreFullException.class, () -> store.beginDrop(bob));
    assertThrows(StoreFullException.class, () -> store.beginUpload(bob));
  }

  @Test
  void an_empty_drop_is_refused_and_its_slab_recycled() {
    try (Upload upload = store.beginDrop(ALICE_ACCOUNT)) {
      InvalidInputException empty =
          assertThrows(InvalidInputException.class, () -> upload.commitDrop(dropId(17), HOUR));
      assertEquals("empty_payload", empty.code());
    }
    assertEquals(0, store.slabsInUse());
  }

  @Test
  void a_drop_over_max_blob_is_refused() {
    byte[] chunk = new byte[1024 * 1024];
    try (Upload upload = store.beginDrop(ALICE_ACCOUNT)) {
      for (int i = 0; i < 5; i++) {
        upload.write(chunk, 0, chunk.length);
      }
      assertThrows(BlobTooLargeException.class, () -> upload.write(chunk, 0, 1));
    }
    assertEquals(0, store.slabsInUse());
  }

  @Test
  void drop_id_must_be_64_hex_digits() {
    assertEquals("ab".repeat(32), DropId.parse("AB".repeat(32)));
    for (String bad :
        new String[] {null, "", "ab", "g".repeat(64), "a".repeat(65), "../" + "a".repeat(61)}) {
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> DropId.parse(bad), String.valueOf(bad));
      assertEquals("invalid_drop_id", e.code());
    }
  }

  private DropReceipt drop(String id, byte[] payload, long ttlMs) {
    try (Upload upload = store.beginDrop(ALICE_ACCOUNT)) {
      upload.write(payload, 0, payload.length);
      return upload.commitDrop(id, ttlMs);
    }
  }

  private static String dropId(int n) {
    return HexFormat.of().formatHex(random(32, 1000 + n));
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
