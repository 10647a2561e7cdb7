package io.paramant.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * Guessers of the admin token behind a reverse proxy, and guessers who pretend to be behind one.
 * The deployment trusts 127.0.0.1 as its proxy ({@code PARAMANT_TRUSTED_PROXIES=127.0.0.1}, set by
 * {@link Deployment}), as a host whose nginx forwards each client's address does. The slow-downs of
 * the console and of the relays' admin routes key on the client address of web-platform's {@code
 * ClientAddresses}, the relays' pickup limit's rule:
 *
 * <ul>
 *   <li>behind the proxy, one guesser is slowed down and the next client of the same proxy is not
 *       (keyed on the proxy, one guesser would lock every admin out);
 *   <li>a guesser that is not a trusted proxy cannot escape the slow-down by sending a new {@code
 *       X-Forwarded-For} each time: its header is never read.
 * </ul>
 *
 * Every test uses client addresses (documentation ranges, or loopback addresses of its own) that no
 * other test uses, so its failures slow nobody else down.
 */
class ProxiedGuessersIT {

  private static final String WRONG = "Authorization: Bearer " + "1".repeat(64);

  // The console refuses a wrong token with 401 "unauthorized", a relay with 401
  // "invalid_admin_token";
  // both refuse an address that must wait with 429 "too_many_attempts".

  @Test
  void behind_the_proxy_the_console_slows_down_the_guesser_and_not_the_next_client() {
    RawHttp proxy = RawHttp.to(Deployment.adminUri()); // from 127.0.0.1, the trusted proxy
    String users = Deployment.adminUri().getPath() + "api/users";
    String guesser = "X-Forwarded-For: 198.51.100.7";
    for (int i = 0; i < 4; i++) { // three free failures; the fourth closes the door for 1 s
      assertError(proxy.get(users, WRONG, guesser), 401, "unauthorized");
    }
    assertError(proxy.get(users, WRONG, guesser), 429, "too_many_attempts");

    // another client of the same proxy is not slowed down: its right token is let in
    assertEquals(
        200,
        proxy.get(users, right(), "X-Forwarded-For: 198.51.100.8").status(),
        "the next client of the proxy was locked out by the guesser");
  }

  @Test
  void behind_the_proxy_a_relay_slows_down_the_guesser_and_not_the_next_client() {
    RawHttp proxy = RawHttp.to(Deployment.baseUri(Deployment.MAIN));
    String guesser = "X-Forwarded-For: 198.51.100.17";
    for (int i = 0; i < 3; i++) {
      assertError(proxy.get("/v2/admin/users-state", WRONG, guesser), 401, "invalid_admin_token");
    }
    assertError(proxy.get("/v2/admin/users-state", WRONG, guesser), 429, "too_many_attempts");

    assertEquals(
        200,
        proxy.get("/v2/admin/users-state", right(), "X-Forwarded-For: 198.51.100.18").status());
  }

  @Test
  void behind_the_proxy_an_ipv6_guesser_gains_nothing_by_moving_within_its_64() {
    // one subscriber holds a whole /64: each attempt from another address of it counts the same
    RawHttp proxy = RawHttp.to(Deployment.baseUri(Deployment.MAIN));
    for (int i = 0; i < 3; i++) {
      assertError(
          proxy.get("/v2/admin/users-state", WRONG, "X-Forwarded-For: 2001:db8:7:7::" + (i + 1)),
          401,
          "invalid_admin_token");
    }
    assertError(
        proxy.get("/v2/admin/users-state", WRONG, "X-Forwarded-For: 2001:db8:7:7:ffff::9"),
        429,
        "too_many_attempts");
    // the next /64 is another client
    assertEquals(
        200,
        proxy.get("/v2/admin/users-state", right(), "X-Forwarded-For: 2001:db8:7:8::1").status());
  }

  @Test
  void a_guesser_that_is_not_a_proxy_cannot_escape_by_forging_forwarded_for() {
    // the console: 127.0.0.4 is not trusted, so each forged header is ignored
    URI console = Deployment.adminUri();
    RawHttp direct = RawHttp.to(console).from("127.0.0.4");
    String users = console.getPath() + "api/users";
    for (int i = 0; i < 4; i++) {
      assertError(direct.get(users, WRONG, forged(i)), 401, "unauthorized");
    }
    assertError(direct.get(users, WRONG, forged(4)), 429, "too_many_attempts");
    assertError(direct.get(users, right(), forged(5)), 429, "too_many_attempts");

    // a relay: the same
    RawHttp relay = RawHttp.to(Deployment.baseUri(Deployment.MAIN)).from("127.0.0.5");
    for (int i = 0; i < 3; i++) {
      assertError(relay.get("/v2/admin/users-state", WRONG, forged(i)), 401, "invalid_admin_token");
    }
    assertError(relay.get("/v2/admin/users-state", WRONG, forged(3)), 429, "too_many_attempts");
    assertError(relay.get("/v2/admin/users-state", right(), forged(4)), 429, "too_many_attempts");
  }

  private static String right() {
    return "Authorization: Bearer " + Deployment.adminToken();
  }

  /** A different forwarded address on every attempt. */
  private static String forged(int attempt) {
    return "X-Forwarded-For: 203.0.113." + (10 + attempt);
  }

  private static void assertError(RawHttp.Response response, int status, String code) {
    assertEquals(status, response.status(), response::toString);
    assertTrue(
        String.valueOf(response.header("Content-Type")).startsWith("application/json"),
        response::toString);
    assertTrue(response.body().contains("\"error\":\"" + code + "\""), response::toString);
  }
}
