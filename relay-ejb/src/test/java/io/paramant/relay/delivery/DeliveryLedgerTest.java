package io.paramant.relay.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.relay.blob.Owner;
import org.junit.jupiter.api.Test;

class DeliveryLedgerTest {

  private static final Owner ALICE = new Owner("alice", null);
  private final DeliveryLedger ledger = new DeliveryLedger();

  @Test
  void downloaded_blobs_are_kept_at_most_24_hours_after_their_download() {
    ledger.stored(hash(1), ALICE, null, 0);
    ledger.downloaded(hash(1), 1_000);
    ledger.stored(hash(2), ALICE, null, 0);
    ledger.downloaded(hash(2), 2_000);

    ledger.prune(1_000 + DeliveryLedger.KEEP_DOWNLOADED_MS);
    assertNotNull(ledger.find(hash(1), ALICE), "exactly 24 h: still kept");
    ledger.prune(1_001 + DeliveryLedger.KEEP_DOWNLOADED_MS);

    assertNull(ledger.find(hash(1), ALICE));
    assertInstanceOf(DeliveryLedger.Unknown.class, ledger.claimAck(hash(1), ALICE, null));
    assertInstanceOf(DeliveryLedger.Claimed.class, ledger.claimAck(hash(2), ALICE, null));
  }

  @Test
  void at_most_10000_downloaded_blobs_are_kept_the_oldest_go_first() {
    int n = DeliveryLedger.MAX_DOWNLOADED + 5;
    for (int i = 0; i < n; i++) {
      ledger.stored(hash(i), ALICE, null, i);
      ledger.downloaded(hash(i), i);
    }

    assertEquals(DeliveryLedger.MAX_DOWNLOADED, ledger.size());
    for (int i = 0; i < 5; i++) {
      assertNull(ledger.find(hash(i), ALICE), "evicted: " + i);
    }
    assertNotNull(ledger.find(hash(5), ALICE));
    assertNotNull(ledger.find(hash(n - 1), ALICE));
  }

  @Test
  void waiting_blobs_are_bounded_in_count_and_age_too() {
    int n = DeliveryLedger.MAX_STORED + 3;
    for (int i = 0; i < n; i++) {
      ledger.stored(hash(i), ALICE, null, i);
    }
    assertEquals(DeliveryLedger.MAX_STORED, ledger.size());
    assertNull(ledger.find(hash(2), ALICE));
    assertTrue(ledger.find(hash(3), ALICE) != null);

    ledger.prune(n + DeliveryLedger.KEEP_STORED_MS);
    assertEquals(0, ledger.size());
  }

  @Test
  void confirming_moves_through_acking_to_acked_and_a_failure_goes_back() {
    ledger.stored(hash(1), ALICE, null, 0);
    ledger.downloaded(hash(1), 5);
    DeliveryLedger.Claimed claimed =
        assertInstanceOf(DeliveryLedger.Claimed.class, ledger.claimAck(hash(1), ALICE, null));
    assertInstanceOf(
        DeliveryLedger.Acked.class, ledger.claimAck(hash(1), ALICE, null), "in flight");

    ledger.ackFailed(claimed.entry());
    DeliveryLedger.Claimed again =
        assertInstanceOf(DeliveryLedger.Claimed.class, ledger.claimAck(hash(1), ALICE, null));
    ledger.acked(again.entry());

    assertInstanceOf(DeliveryLedger.Acked.class, ledger.claimAck(hash(1), ALICE, null));
  }

  @Test
  void the_same_bytes_uploaded_again_do_not_hide_an_unconfirmed_download() {
    ledger.stored(hash(1), ALICE, null, 0);
    ledger.downloaded(hash(1), 5);
    ledger.stored(hash(1), ALICE, null, 10); // re-uploaded, not downloaded yet

    assertInstanceOf(DeliveryLedger.Claimed.class, ledger.claimAck(hash(1), ALICE, null));
    assertInstanceOf(DeliveryLedger.Waiting.class, ledger.claimAck(hash(1), ALICE, null));
  }

  private static String hash(int n) {
    return DeliveriesTest.hash(n);
  }
}
