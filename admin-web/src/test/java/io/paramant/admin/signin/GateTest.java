package io.paramant.admin.signin;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.paramant.accounts.GuessThrottle;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class GateTest {

  private static final String TOKEN = "t".repeat(40);
  private static final String ADDRESS = "192.0.2.7";

  private final Totp totp = Totp.fromBase32(Totp.newSecret());
  private final Gate gate = new Gate(new AdminToken(TOKEN), new GuessThrottle(), totp);

  @Test
  void the_api_needs_the_token_and_a_current_code() {
    assertInstanceOf(Gate.Outcome.Refused.class, gate.bearer(ADDRESS, TOKEN, null));
    assertInstanceOf(Gate.Outcome.Refused.class, gate.bearer(ADDRESS, TOKEN, "000000x"));
    assertInstanceOf(
        Gate.Outcome.Admitted.class, gate.bearer(ADDRESS, TOKEN, totp.code(Instant.now())));
  }

  @Test
  void a_code_is_good_for_one_call_or_sign_in() {
    String code = totp.code(Instant.now());
    assertInstanceOf(Gate.Outcome.Admitted.class, gate.bearer(ADDRESS, TOKEN, code));
    assertInstanceOf(Gate.Outcome.Refused.class, gate.bearer(ADDRESS, TOKEN, code));
    assertInstanceOf(Gate.Outcome.Refused.class, gate.signIn(ADDRESS, TOKEN, code));
  }

  @Test
  void a_wrong_token_never_spends_the_admins_code() {
    String code = totp.code(Instant.now());
    assertInstanceOf(Gate.Outcome.Refused.class, gate.bearer("198.51.100.1", "x".repeat(40), code));
    assertInstanceOf(Gate.Outcome.Refused.class, gate.signIn("198.51.100.1", null, code));

    assertInstanceOf(Gate.Outcome.Admitted.class, gate.signIn(ADDRESS, TOKEN, code));
  }

  @Test
  void without_a_second_factor_the_token_is_enough() {
    Gate tokenOnly = new Gate(new AdminToken(TOKEN), new GuessThrottle(), null);
    assertInstanceOf(Gate.Outcome.Admitted.class, tokenOnly.bearer(ADDRESS, TOKEN, null));
    assertInstanceOf(Gate.Outcome.Refused.class, tokenOnly.bearer(ADDRESS, "y".repeat(40), null));
  }
}
