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

  @Test
  void a_nonce_is_single_use_per_did_until_its_window_and_skew_have_passed() {
    DidNonces nonces = new DidNonces();
    long t = 1_000_000;
    assertTrue(nonces.spend(A, "nonce-0000000001", t, t));
    assertFalse(nonces.spend(A, "nonce-0000000001", t, t + 1));
    assertTrue(nonces.spend(B, "nonce-0000000001", t, t + 1), "another DID's nonce space");
    assertFalse(nonces.spend(A, "nonce-0000000001", t, t + DidNonces.KEEP_MS - 1));
    // kept until timestamp + 305 s; by then the timestamp itself is out of the window
    assertTrue(nonces.spend(A, "nonce-0000000001", t, t + DidNonces.KEEP_MS));
  }

  @Test
  void a_did_holds_at_most_its_share_and_the_sector_its_total_and_expired_ones_make_room() {
    DidNonces nonces = new DidNonces(3, 5);
    long t = 0;
    for (int i = 0; i < 3; i++) {
      assertTrue(nonces.spend(A, "a" + i, t, t));
    }
    RateLimitedException perDid =
        assertThrows(RateLimitedException.class, () -> nonces.spend(A, "a3", t, t));
    assertEquals("too_many_nonces", perDid.code());
    assertTrue(nonces.spend(B, "b0", t, t));
    assertTrue(nonces.spend(B, "b1", t, t));
    RateLimitedException total =
        assertThrows(RateLimitedException.class, () -> nonces.spend(B, "b2", t, t));
    assertEquals("too_many_nonces", total.code());
    assertEquals(5, nonces.size());
    // once their time has passed, they make room
    long later = t + DidNonces.KEEP_MS;
    assertTrue(nonces.spend(A, "a4", later, later));
    assertEquals(1, nonces.size());
  }
}
