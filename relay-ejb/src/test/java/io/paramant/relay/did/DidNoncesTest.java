package io.paramant.relay.did;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.relay.RateLimitedException;
import org.junit.jupiter.api.Test;

class DidNoncesTest {

  private static final String A = "did:paramant:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  private static final String B = "did:paramant:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
  private static final String C = "did:paramant:cccccccccccccccccccccccccccccccc";

  @Test
  void a_nonce_is_single_use_per_did_until_its_window_and_skew_have_passed() {
    DidNonces nonces = new DidNonces();
    long t = 1_000_000;
    assertTrue(nonces.spend("alice", A, "nonce-0000000001", t, t));
    assertFalse(nonces.spend("alice", A, "nonce-0000000001", t, t + 1));
    assertTrue(nonces.spend("bob", B, "nonce-0000000001", t, t + 1), "another DID's nonces");
    assertFalse(nonces.spend("alice", A, "nonce-0000000001", t, t + DidNonces.KEEP_MS - 1));
    // kept until timestamp + 305 s; by then the timestamp itself is out of the window
    assertTrue(nonces.spend("alice", A, "nonce-0000000001", t, t + DidNonces.KEEP_MS));
  }

  @Test
  void a_did_an_account_and_the_sector_each_have_a_bound_and_expired_nonces_make_room() {
    DidNonces nonces = new DidNonces(3, 4, 6);
    long t = 0;
    for (int i = 0; i < 3; i++) {
      assertTrue(nonces.spend("alice", A, "a" + i, t, t));
    }
    assertEquals(
        "too_many_nonces",
        assertThrows(RateLimitedException.class, () -> nonces.spend("alice", A, "a3", t, t))
            .code());
    assertTrue(nonces.spend("alice", C, "c0", t, t), "alice's second device");
    // alice holds her account's 4: her third device is refused, bob is not
    assertThrows(RateLimitedException.class, () -> nonces.spend("alice", "did:x", "x0", t, t));
    assertTrue(nonces.spend("bob", B, "b0", t, t));
    assertTrue(nonces.spend("bob", B, "b1", t, t));
    assertThrows(RateLimitedException.class, () -> nonces.spend("bob", B, "b2", t, t), "sector");
    assertEquals(6, nonces.size());
    long later = t + DidNonces.KEEP_MS;
    assertTrue(nonces.spend("alice", A, "a4", later, later));
    assertEquals(1, nonces.size());
  }

  @Test
  void a_nonce_spent_just_after_its_dids_older_nonces_expired_is_still_single_use() {
    // the reviewer's case: the sector was full, the DID's old nonces expire, a new one is spent
    DidNonces nonces = new DidNonces(100, 100, 2);
    nonces.spend("alice", A, "old-0", 0, 0);
    nonces.spend("bob", B, "old-1", 0, 0);
    long later = DidNonces.KEEP_MS;
    assertTrue(nonces.spend("alice", A, "fresh", later, later));
    assertFalse(nonces.spend("alice", A, "fresh", later, later + 1), "the replay is refused");
    assertEquals(1, nonces.size(), "and nothing is counted that is not kept");
  }
}
