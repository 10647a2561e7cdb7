package io.paramant.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.paramant.licence.LicenceIssuer;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EditionInForceTest {

  private static final KeyPair VENDOR = LicenceIssuer.generateKeyPair();
  private static final String PUBLIC_KEY =
      Base64.getEncoder().encodeToString(VENDOR.getPublic().getEncoded());
  private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
  private static final Instant EXPIRES = NOW.plus(Duration.ofDays(30));

  /** A clock the test moves. */
  private static final class MovableClock extends Clock {
    Instant now = NOW;

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  @Test
  void without_a_licence_the_relay_is_the_community_edition() {
    EditionInForce licensing =
        EditionInForce.resolve(Optional.empty(), Optional.of(PUBLIC_KEY), new MovableClock());

    assertEquals("community", licensing.now().name());
    assertEquals(5, licensing.now().maxActiveUsers());
  }

  @Test
  void a_genuine_licence_is_licensed_until_it_expires_then_community() {
    String token = LicenceIssuer.issue(VENDOR.getPrivate(), "ACME GmbH", EXPIRES, 40);
    MovableClock clock = new MovableClock();
    EditionInForce licensing =
        EditionInForce.resolve(Optional.of(token), Optional.of(PUBLIC_KEY), clock);

    assertEquals("licensed", licensing.now().name());
    assertEquals(40, licensing.now().maxActiveUsers());

    clock.now = EXPIRES;
    assertEquals("community", licensing.now().name());
    assertEquals(5, licensing.now().maxActiveUsers());
  }

  @Test
  void a_licence_that_cannot_be_checked_or_is_forged_is_community() {
    String token = LicenceIssuer.issue(VENDOR.getPrivate(), "ACME GmbH", EXPIRES, 40);
    KeyPair other = LicenceIssuer.generateKeyPair();
    String forged = LicenceIssuer.issue(other.getPrivate(), "ACME GmbH", EXPIRES, 40);

    assertEquals(
        "community",
        EditionInForce.resolve(Optional.of(token), Optional.empty(), new MovableClock())
            .now()
            .name());
    assertEquals(
        "community",
        EditionInForce.resolve(Optional.of(token), Optional.of("not base64!"), new MovableClock())
            .now()
            .name());
    assertEquals(
        "community",
        EditionInForce.resolve(Optional.of(forged), Optional.of(PUBLIC_KEY), new MovableClock())
            .now()
            .name());
  }
}
