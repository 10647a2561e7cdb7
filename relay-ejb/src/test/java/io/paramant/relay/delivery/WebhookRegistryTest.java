package io.paramant.relay.delivery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.relay.blob.Owner;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WebhookRegistryTest {

  private static final Owner ALICE = new Owner("alice", "clinic");
  private static final Owner BOB = new Owner("bob", "clinic");
  private static final Owner EVE = new Owner("eve", null);
  private static final String HASH = "ab".repeat(32);
  private static final CallbackUrl URL = CallbackUrl.parse("https://hooks.example/a");

  private final WebhookRegistry registry = new WebhookRegistry();

  @Test
  void a_hash_registration_fires_once_for_a_reader_of_the_blob() {
    WebhookRegistry.Registration mine = registry.add(ALICE, HASH, null, URL, key(), 0);
    registry.add(
        EVE, HASH, null, URL, key(), 0); // (the facade refuses this; the registry must not leak)

    List<WebhookRegistry.Registration> first = registry.retrieved(HASH, BOB, null, 1);

    assertEquals(List.of(mine), first);
    assertEquals(List.of(), registry.retrieved(HASH, BOB, null, 2), "one-shot");
    assertFalse(registry.take(mine), "already taken by the retrieval");
  }

  @Test
  void a_device_registration_fires_for_every_blob_to_that_device_of_the_account_or_team() {
    WebhookRegistry.Registration scanner = registry.add(ALICE, null, "scanner-1", URL, key(), 0);
    registry.add(ALICE, null, "printer-7", URL, key(), 0);
    WebhookRegistry.Registration evesScanner = registry.add(EVE, null, "scanner-1", URL, key(), 0);

    assertEquals(List.of(scanner), registry.retrieved("01".repeat(32), BOB, "scanner-1", 1));
    assertEquals(List.of(scanner), registry.retrieved("02".repeat(32), ALICE, "scanner-1", 2));
    assertEquals(List.of(evesScanner), registry.retrieved("03".repeat(32), EVE, "scanner-1", 3));
    assertEquals(List.of(), registry.retrieved("04".repeat(32), ALICE, null, 4), "no device");
  }

  @Test
  void a_device_registration_lives_24_hours_and_its_key_is_wiped_then() {
    byte[] key = key();
    WebhookRegistry.Registration r = registry.add(ALICE, null, "scanner-1", URL, key, 1_000);
    long end = 1_000 + WebhookRegistry.DEVICE_TTL_MS;

    assertEquals(List.of(r), registry.retrieved(HASH, ALICE, "scanner-1", end - 1));
    assertEquals(List.of(), registry.retrieved(HASH, ALICE, "scanner-1", end));
    registry.sweep(end, account -> true);

    assertEquals(0, registry.size());
    assertTrue(r.ended());
    assertArrayEquals(new byte[key.length], key, "the key bytes are overwritten with zeros");
    assertNull(r.sign(new byte[] {1}));
  }

  @Test
  void at_most_100_per_account_and_the_same_registration_again_replaces_the_old_one() {
    for (int i = 0; i < WebhookRegistry.MAX_PER_ACCOUNT; i++) {
      registry.add(ALICE, null, "device-" + i, URL, key(), 0);
    }
    byte[] replacedKey = key();
    WebhookRegistry.Registration again = registry.add(ALICE, null, "device-0", URL, replacedKey, 5);
    byte[] refusedKey = key();

    DeliveryException refused =
        assertThrows(
            DeliveryException.class, () -> registry.add(ALICE, HASH, null, URL, refusedKey, 5));

    assertEquals("too_many_webhooks", refused.code());
    assertArrayEquals(new byte[refusedKey.length], refusedKey, "a refused key is wiped too");
    assertEquals(WebhookRegistry.MAX_PER_ACCOUNT, registry.size());
    assertFalse(again.ended());
    registry.add(BOB, HASH, null, URL, key(), 5); // another account of the team has its own 100
    assertEquals(WebhookRegistry.MAX_PER_ACCOUNT + 1, registry.size());
  }

  @Test
  void revoked_accounts_expired_blobs_and_a_stop_end_registrations_and_wipe_keys() {
    byte[] alicesKey = key();
    byte[] bobsKey = key();
    byte[] evesKey = key();
    WebhookRegistry.Registration alices = registry.add(ALICE, HASH, null, URL, alicesKey, 0);
    WebhookRegistry.Registration bobs = registry.add(BOB, null, "scanner-1", URL, bobsKey, 0);
    WebhookRegistry.Registration eves = registry.add(EVE, null, "scanner-1", URL, evesKey, 0);

    registry.sweep(1, Set.of("alice", "eve")::contains); // bob was revoked
    assertTrue(bobs.ended());
    assertArrayEquals(new byte[bobsKey.length], bobsKey);

    registry.blobGone(HASH);
    assertTrue(alices.ended());
    assertArrayEquals(new byte[alicesKey.length], alicesKey);

    registry.clear();
    assertTrue(eves.ended());
    assertArrayEquals(new byte[evesKey.length], evesKey);
    assertEquals(0, registry.size());
  }

  private static byte[] key() {
    return ("pgp_" + "5e".repeat(32)).getBytes(StandardCharsets.UTF_8);
  }
}
