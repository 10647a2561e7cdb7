package io.paramant.admin.signin;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Decides sign-in attempts: the console's (admin token, plus a TOTP code when {@code
 * ADMIN_TOTP_SECRET} is configured) and the admin API's (bearer token). Both share one {@link
 * SignInThrottle}, so guessing through the API does not get around the console's slow-down.
 */
@ApplicationScoped
public class Gate {

  /** The outcome of an attempt. */
  public sealed interface Outcome {
    /** Let in. */
    record Admitted() implements Outcome {}

    /** Wrong token or code; {@code retryAfter} is zero or the wait before the next try. */
    record Refused(Duration retryAfter) implements Outcome {}

    /** Not even checked: the address must wait {@code retryAfter}. */
    record Throttled(Duration retryAfter) implements Outcome {}
  }

  private static final System.Logger LOG = System.getLogger(Gate.class.getName());

  @Inject AdminToken token;
  @Inject SignInThrottle throttle;

  @Inject
  @ConfigProperty(name = "paramant.admin-totp-secret")
  Optional<String> totpSecret;

  private Totp totp;

  @PostConstruct
  void start() {
    totp =
        totpSecret.map(String::strip).filter(s -> !s.isEmpty()).map(Totp::fromBase32).orElse(null);
    LOG.log(
        Level.INFO,
        totp == null
            ? "Console sign-in: admin token"
            : "Console sign-in: admin token and a TOTP code (RFC 6238)");
  }

  /** Whether the console asks for a TOTP code. */
  public boolean secondFactor() {
    return totp != null;
  }

  /** A console sign-in from {@code address}. */
  public Outcome signIn(String address, String candidateToken, String code) {
    Duration wait = throttle.waitFor(address);
    if (!wait.isZero()) {
      return new Outcome.Throttled(wait);
    }
    boolean tokenOk = token.matches(candidateToken);
    boolean codeOk = totp == null || (code != null && totp.verify(code.strip(), Instant.now()));
    return decide(address, tokenOk && codeOk, "console");
  }

  /** An admin API call from {@code address} with {@code bearer}. */
  public Outcome bearer(String address, String bearer) {
    Duration wait = throttle.waitFor(address);
    if (!wait.isZero()) {
      return new Outcome.Throttled(wait);
    }
    return decide(address, token.matches(bearer), "admin API");
  }

  private Outcome decide(String address, boolean ok, String where) {
    if (ok) {
      throttle.succeeded(address);
      return new Outcome.Admitted();
    }
    Duration wait = throttle.failed(address);
    LOG.log(Level.WARNING, "Failed {0} sign-in from {1}", where, address);
    return new Outcome.Refused(wait);
  }
}
