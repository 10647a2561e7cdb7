package io.paramant.relay.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.relay.InvalidInputException;
import io.paramant.relay.RelayException;
import io.paramant.relay.blob.BlobEvent;
import io.paramant.relay.blob.Owner;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DeliveriesTest {

  private static final Owner ALICE = new Owner("alice", "clinic");
  private static final Owner BOB = new Owner("bob", "clinic");
  private static final Owner EVE = new Owner("eve", null);

  private final AtomicLong now = new AtomicLong(1_000_000);
  private final List<byte[]> ackLeaves = new ArrayList<>();
  private final List<DeliveryEvent> published = new ArrayList<>();
  private final AtomicBoolean available = new AtomicBoolean(false);
  private final Deliveries deliveries =
      new Deliveries(
          now::get,
          hash -> {
            ackLeaves.add(hash);
            return 100 + ackLeaves.size();
          },
          (hash, owner) -> available.get(),
          published::add);

  @Test
  void an_ack_reports_the_latency_from_upload_and_the_durable_ack_leaf() {
    String hash = hash(1);
    store(hash, ALICE, null);
    now.addAndGet(700);
    burn(hash, ALICE, null);
    now.addAndGet(300);

    AckReceipt receipt = deliveries.ack(hash.toUpperCase(), null, BOB); // a team mate

    assertEquals(1_000, receipt.latencyMs());
    assertEquals(101, receipt.ctIndex());
    assertEquals(hash, HexFormat.of().formatHex(ackLeaves.get(0)));
    assertInstanceOf(DeliveryEvent.Retrieved.class, published.get(0));
    assertEquals(new DeliveryEvent.Acked(hash, ALICE, 1_000, 101), published.get(1));
  }

  @Test
  void a_second_ack_is_a_conflict_and_unknown_or_foreign_blobs_are_not_found() {
    String hash = hash(2);
    store(hash, ALICE, null);
    burn(hash, ALICE, null);
    deliveries.ack(hash, null, ALICE);

    assertEquals("already_acked", code(() -> deliveries.ack(hash, null, BOB)));
    assertEquals("not_found", code(() -> deliveries.ack(hash(3), null, ALICE)));
    String foreign = hash(4);
    store(foreign, ALICE, null);
    burn(foreign, ALICE, null);
    assertEquals("not_found", code(() -> deliveries.ack(foreign, null, EVE)));
    assertEquals(1, ackLeaves.size(), "nothing but the first ack reached the log");
  }

  @Test
  void the_device_must_be_the_one_the_blob_names() {
    String hash = hash(5);
    store(hash, ALICE, "scanner-1");
    burn(hash, ALICE, "scanner-1");

    assertEquals("not_found", code(() -> deliveries.ack(hash, "printer-7", ALICE)));
    assertEquals(
        "invalid_device_id",
        assertThrows(InvalidInputException.class, () -> deliveries.ack(hash, "bad id", ALICE))
            .code());
    assertEquals(
        "invalid_hash",
        assertThrows(InvalidInputException.class, () -> deliveries.ack("abc", null, ALICE)).code());
    deliveries.ack(hash, "scanner-1", ALICE);
  }

  @Test
  void a_blob_not_downloaded_cannot_be_acked_and_an_expired_one_is_unknown() {
    String waiting = hash(6);
    store(waiting, ALICE, null);
    available.set(true);
    assertEquals("not_delivered", code(() -> deliveries.ack(waiting, null, ALICE)));

    deliveries.expired(new BlobEvent.Expired(waiting, 10, ALICE, now.get()));
    assertEquals("not_found", code(() -> deliveries.ack(waiting, null, ALICE)));
  }

  @Test
  void an_ack_racing_the_end_of_its_download_waits_for_it() throws Exception {
    String hash = hash(7);
    store(hash, ALICE, null);
    available.set(false); // claimed: the download is streaming

    CompletableFuture<AckReceipt> ack =
        CompletableFuture.supplyAsync(() -> deliveries.ack(hash, null, ALICE));
    Thread.sleep(100);
    assertFalse(ack.isDone());
    burn(hash, ALICE, null);

    assertEquals(101, ack.get(5, TimeUnit.SECONDS).ctIndex());
  }

  @Test
  void a_failed_log_append_leaves_the_blob_ackable() {
    String hash = hash(8);
    Deliveries failing =
        new Deliveries(
            now::get,
            leaf -> {
              throw new IllegalStateException("disk full");
            },
            (h, o) -> false,
            e -> {});
    failing.stored(new BlobEvent.Stored(hash, 10, ALICE, null, now.get()));
    failing.burned(new BlobEvent.Burned(hash, 10, ALICE, null, now.get()));

    assertThrows(IllegalStateException.class, () -> failing.ack(hash, null, ALICE));
    assertEquals(0, failing.figures(ALICE).acked());
  }

  @Test
  void figures_are_the_callers_own_and_success_is_acked_over_ended_deliveries() {
    assertEquals(new DeliveryFigures(0, 0, 0, 0, 0, 0, 0, 0.0), deliveries.figures(ALICE));
    for (int i = 10; i < 14; i++) {
      store(hash(i), ALICE, null);
    }
    burn(hash(10), ALICE, null);
    burn(hash(11), ALICE, null);
    deliveries.expired(new BlobEvent.Expired(hash(12), 10, ALICE, now.get()));
    deliveries.ack(hash(10), null, BOB);
    deliveries.webhookFinished(
        new DeliveryEvent.WebhookFinished(ALICE, hash(10), DeliveryEvent.Outcome.DELIVERED));
    deliveries.webhookFinished(
        new DeliveryEvent.WebhookFinished(ALICE, hash(10), DeliveryEvent.Outcome.FAILED));
    store(hash(20), BOB, null); // a team mate's traffic is not alice's
    burn(hash(20), BOB, null);

    DeliveryFigures alice = deliveries.figures(ALICE);

    assertEquals(new DeliveryFigures(1, 4, 2, 1, 1, 3, 1, 1.0 / 3), alice);
    assertEquals(new DeliveryFigures(0, 1, 1, 0, 0, 1, 0, 0.0), deliveries.figures(BOB));
    assertEquals(new DeliveryFigures(0, 0, 0, 0, 0, 0, 0, 0.0), deliveries.figures(EVE));
  }

  @Test
  void find_shows_only_readable_blobs_and_whether_they_were_downloaded() {
    String hash = hash(30);
    store(hash, ALICE, null);
    assertFalse(deliveries.find(hash, BOB).orElseThrow().delivered());
    assertTrue(deliveries.find(hash, EVE).isEmpty());
    now.addAndGet(5);
    burn(hash, ALICE, null);
    assertEquals(now.get(), deliveries.find(hash, ALICE).orElseThrow().deliveredAtMs());
  }

  private void store(String hash, Owner owner, String device) {
    deliveries.stored(new BlobEvent.Stored(hash, 10, owner, device, now.get()));
  }

  private void burn(String hash, Owner owner, String device) {
    deliveries.burned(new BlobEvent.Burned(hash, 10, owner, device, now.get()));
  }

  private static String code(Runnable call) {
    return assertThrows(RelayException.class, call::run).code();
  }

  static String hash(int n) {
    return String.format("%064x", n);
  }
}
