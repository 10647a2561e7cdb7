package io.paramant.relay.blob;

import static io.paramant.relay.blob.BlobQuotaTest.account;
import static io.paramant.relay.blob.BlobQuotaTest.random;
import static io.paramant.relay.blob.BlobQuotaTest.sha256Hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.accounts.Plan;
import io.paramant.relay.accounts.Account;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * An observer of the store's events (push, webhooks, metrics, delivery records) that throws cannot
 * corrupt the store: the blob stays indexed with its bytes intact, and each slab goes back to the
 * pool exactly once. The attacker here is a buggy observer that throws on every event.
 */
class ObserverFailureTest {

  private static final long HOUR = 3_600_000;
  private static final Account ALICE = account("alice", Plan.ENTERPRISE);

  private final AtomicLong now = new AtomicLong(1_000_000);
  private final List<BlobEvent> seen = new CopyOnWriteArrayList<>();

  /** Two slots, both for Alice; every event reaches an observer that throws. */
  private final BlobStore store =
      new BlobStore(
          2,
          Map.of(Plan.ENTERPRISE, 2),
          now::get,
          event -> {
            seen.add(event);
            throw new IllegalStateException("observer bug");
          },
          hash -> 7L);

  @Test
  void a_throwing_stored_observer_leaves_the_blob_stored_intact_and_downloadable_once()
      throws Exception {
    byte[] blob = random(100_000, 1);
    StoredReceipt receipt;
    try (Upload upload = store.beginUpload(ALICE)) {
      upload.write(blob, 0, blob.length);
      receipt = upload.commit(sha256Hex(blob), HOUR, null);
    } // close() after the commit must not shred or free the slot

    assertEquals(new StoredReceipt(sha256Hex(blob), 100_000, HOUR, 7L), receipt);
    assertTrue(seen.stream().anyMatch(e -> e instanceof BlobEvent.Stored));
    assertEquals(1, store.slabsInUse());
    assertEquals(1, store.slotsHeldBy("alice"));
    assertTrue(store.status(receipt.hash(), ALICE.owner()).available());

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    store.claim(receipt.hash(), ALICE.owner()).transferTo(out); // Burned observer throws too
    assertArrayEquals(blob, out.toByteArray(), "not shredded while indexed");
    assertTrue(seen.stream().anyMatch(e -> e instanceof BlobEvent.Burned));
    assertThrows(BlobNotFoundException.class, () -> store.claim(receipt.hash(), ALICE.owner()));
    assertSlabsReleasedOnceEach();
  }

  @Test
  void a_throwing_observer_of_expiry_and_of_drops_leaves_every_slab_released_once()
      throws Exception {
    String expiring = store(random(10, 2), 1_000);
    String second = store(random(10, 3), 1_000);
    now.addAndGet(1_000);
    store.sweep(); // both expire; the observer throws for the first: the sweep goes on
    assertEquals(0, store.blobsInFlight());
    assertThrows(BlobNotFoundException.class, () -> store.claim(expiring, ALICE.owner()));
    assertThrows(BlobNotFoundException.class, () -> store.claim(second, ALICE.owner()));
    assertEquals(2, seen.stream().filter(e -> e instanceof BlobEvent.Expired).count());
    assertSlabsReleasedOnceEach();

    String id = HexFormat.of().formatHex(random(32, 4));
    byte[] payload = random(500, 5);
    try (Upload upload = store.beginDrop(ALICE)) {
      upload.write(payload, 0, payload.length);
      upload.commitDrop(id, HOUR);
    }
    ByteArrayOutputStream picked = new ByteArrayOutputStream();
    store.claimDrop(id).transferTo(picked);
    assertArrayEquals(payload, picked.toByteArray());
    assertSlabsReleasedOnceEach();
  }

  @Test
  void a_throwing_observer_of_refusals_still_refuses() {
    store(random(10, 6), HOUR);
    store(random(10, 7), HOUR);

    assertThrows(QuotaExceededException.class, () -> store.beginUpload(ALICE));
    assertThrows(StoreFullException.class, () -> store.beginUpload(account("bob", Plan.FREE)));
    assertEquals(2, store.slabsInUse());
  }

  /**
   * Nothing is held, and the pool has exactly its two slabs: two uploads fit, a third does not. A
   * slab released twice would let the third in, and hand one slab to two blobs.
   */
  private void assertSlabsReleasedOnceEach() throws Exception {
    assertEquals(0, store.slabsInUse());
    assertEquals(0, store.slotsHeldBy("alice"));
    Account bob = account("bob", Plan.ENTERPRISE); // 2 slots allowed: the pool must stop him
    Account carol = account("carol", Plan.ENTERPRISE);
    byte[] one = random(1000, 8);
    byte[] two = random(1000, 9);
    try (Upload first = store.beginUpload(bob);
        Upload second = store.beginUpload(bob)) {
      assertThrows(StoreFullException.class, () -> store.beginUpload(carol));
      first.write(one, 0, one.length);
      second.write(two, 0, two.length);
      String a = first.commit(sha256Hex(one), HOUR, null).hash();
      String b = second.commit(sha256Hex(two), HOUR, null).hash();
      ByteArrayOutputStream outA = new ByteArrayOutputStream();
      store.claim(a, bob.owner()).transferTo(outA);
      assertArrayEquals(one, outA.toByteArray(), "two blobs never share a slab");
      store.claim(b, bob.owner()).transferTo(OutputStream.nullOutputStream());
    }
    assertEquals(0, store.slabsInUse());
  }

  private String store(byte[] blob, long ttlMs) {
    try (Upload upload = store.beginUpload(ALICE)) {
      upload.write(blob, 0, blob.length);
      return upload.commit(sha256Hex(blob), ttlMs, null).hash();
    }
  }
}
