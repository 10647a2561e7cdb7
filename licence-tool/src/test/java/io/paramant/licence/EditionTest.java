package io.paramant.licence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EditionTest {

  private static final Instant NOW = Instant.now();
  private static final Instant EXPIRES =
      NOW.plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS);
  private static final String TOKEN =
      LicenceIssuer.issue(Tokens.VENDOR.getPrivate(), "ACME GmbH", EXPIRES, 50);
  private static final Optional<String> PUBLIC_KEY = Optional.of(Tokens.VENDOR_PUBLIC_KEY);

  @Test
  void without_a_licence_it_is_the_community_edition_with_5_users() {
    Edition edition = Edition.resolve(Optional.empty(), PUBLIC_KEY, NOW);

    assertCommunity(edition);
    assertEquals(
        "Community Edition (up to 5 active users): PLK_KEY is not set", edition.explanation());
  }

  @Test
  void a_blank_licence_counts_as_none() {
    Edition edition = Edition.resolve(Optional.of("  "), PUBLIC_KEY, NOW);

    assertCommunity(edition);
    assertEquals(
        "Community Edition (up to 5 active users): PLK_KEY is not set", edition.explanation());
  }

  @Test
  void a_licence_without_the_public_key_gives_the_community_edition_and_says_so() {
    for (Optional<String> none : java.util.List.of(Optional.<String>empty(), Optional.of(""))) {
      Edition edition = Edition.resolve(Optional.of(TOKEN), none, NOW);

      assertCommunity(edition);
      assertEquals(
          "Community Edition (up to 5 active users): "
              + "PLK_KEY is set but PARAMANT_LICENCE_PUBLIC_KEY is not",
          edition.explanation());
    }
  }

  @Test
  void an_invalid_public_key_gives_the_community_edition_and_says_so() {
    Edition edition = Edition.resolve(Optional.of(TOKEN), Optional.of("AAAA"), NOW);

    assertCommunity(edition);
    assertEquals(
        "Community Edition (up to 5 active users): PARAMANT_LICENCE_PUBLIC_KEY is invalid: "
            + "the licence public key is not the base64 X.509 SubjectPublicKeyInfo of an Ed25519"
            + " key",
        edition.explanation());
  }

  @Test
  void a_valid_licence_gives_the_licensed_edition_with_its_user_limit() {
    Edition edition = Edition.resolve(Optional.of(TOKEN), PUBLIC_KEY, NOW);

    assertEquals("licensed", edition.name());
    assertEquals(50, edition.maxActiveUsers());
    Licence licence = edition.licence().orElseThrow();
    assertEquals("ACME GmbH", licence.issuedTo());
    assertEquals(EXPIRES, licence.expires());
    assertEquals(
        "Licensed Edition: licence "
            + licence.id()
            + " issued to ACME GmbH, up to 50 active users, until "
            + EXPIRES,
        edition.explanation());
  }

  @Test
  void surrounding_whitespace_in_the_configured_values_is_ignored() {
    Edition edition =
        Edition.resolve(
            Optional.of(" " + TOKEN + "\n"), Optional.of(Tokens.VENDOR_PUBLIC_KEY + "\n"), NOW);

    assertEquals("licensed", edition.name());
  }

  @Test
  void an_expired_licence_gives_the_community_edition_and_says_when_it_expired() {
    Edition edition = Edition.resolve(Optional.of(TOKEN), PUBLIC_KEY, EXPIRES.plusSeconds(1));

    assertCommunity(edition);
    String id = Tokens.payloadOf(TOKEN).replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
    assertEquals(
        "Community Edition (up to 5 active users): the licence "
            + id
            + " issued to ACME GmbH expired at "
            + EXPIRES,
        edition.explanation());
  }

  @Test
  void a_refused_licence_gives_the_community_edition_with_the_reason_but_not_the_token() {
    String forged =
        LicenceIssuer.issue(
            LicenceIssuer.generateKeyPair().getPrivate(), "ACME GmbH", EXPIRES, 500);

    Edition edition = Edition.resolve(Optional.of(forged), PUBLIC_KEY, NOW);

    assertCommunity(edition);
    assertEquals(
        "Community Edition (up to 5 active users): PLK_KEY is refused (BAD_SIGNATURE): "
            + "the licence signature does not verify against the licence public key",
        edition.explanation());
    assertFalse(edition.explanation().contains(forged.substring(4, 20)));
  }

  @Test
  void at_a_later_instant_a_licensed_edition_becomes_community_once_the_licence_expires() {
    Edition licensed = Edition.resolve(Optional.of(TOKEN), PUBLIC_KEY, NOW);

    assertEquals("licensed", licensed.at(EXPIRES.minusNanos(1)).name());
    Edition expired = licensed.at(EXPIRES);
    assertCommunity(expired);
    assertTrue(expired.explanation().endsWith(" expired at " + EXPIRES), expired.explanation());
    assertEquals("licensed", licensed.name(), "an edition does not change; at() makes another");
  }

  @Test
  void at_an_earlier_instant_an_expired_genuine_licence_counts_again() {
    Edition expired = Edition.resolve(Optional.of(TOKEN), PUBLIC_KEY, EXPIRES);

    assertEquals("licensed", expired.at(NOW).name());
  }

  @Test
  void at_any_instant_an_edition_without_a_genuine_licence_stays_as_it_is() {
    Edition community = Edition.resolve(Optional.empty(), PUBLIC_KEY, NOW);

    assertSame(community, community.at(EXPIRES.plusSeconds(1)));
  }

  private static void assertCommunity(Edition edition) {
    assertEquals("community", edition.name());
    assertEquals(Edition.COMMUNITY_MAX_USERS, edition.maxActiveUsers());
    assertEquals(5, edition.maxActiveUsers());
    assertEquals(Optional.empty(), edition.licence());
  }
}
