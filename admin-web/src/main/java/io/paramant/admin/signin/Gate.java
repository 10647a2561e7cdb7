package io.paramant.admin.signin;

import io.paramant.accounts.GuessThrottle;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Decides sign-in attempts: the console's (admin token) and the admin API's (bearer token), each
 * with a TOTP code when {@code ADMIN_TOTP_SECRET} is configured. Both share one {@link
 * io.paramant.accounts.GuessThrottle}, so guessing through the API does not get around the
 * console's slow-down, and one record of spent TOTP steps ({@code $PARAMANT_DATA/admin-totp-step}),
 * so a code is good for one sign-in or one API call, also across a restart.
 *
 * <p>The code is compared whatever the token, but its step is spent only when the token is right
 * too: someone without the token cannot burn the admin's current code.
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

  /** One per application (this bean is application scoped), shared by the console and the API. */
  private final GuessThrottle throttle;

  @Inject
  @ConfigProperty(name = "paramant.admin-totp-secret")
  Optional<String> totpSecret;

  @Inject
  @ConfigProperty(name = "paramant.data", defaultValue = "./data")
  String dataRoot;

  private Totp totp;

  /** For the container. */
  public Gate() {
    this.throttle = new GuessThrottle();
  }

  /** For tests without a container; {@code totp} may be null (no second factor). */
  Gate(AdminToken token, GuessThrottle throttle, Totp totp) {
    this.token = token;
    this.throttle = throttle;
    this.totp = totp;
  }

  @PostConstruct
  void start() {
    totp =
        totpSecret
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .map(s -> Totp.fromBase32(s, AcceptedSteps.persistedIn(stepsFile(Path.of(dataRoot)))))
            .orElse(null);
    LOG.log(
        Level.INFO,
        totp == null
            ? "Console sign-in: admin token"
            : "Console sign-in and admin API: admin token and a TOTP code (RFC 6238)");
  }

  /** Where the console keeps the last spent TOTP step. */
  public static Path stepsFile(Path dataRoot) {
    return dataRoot.resolve("admin-totp-step");
  }

  /** Whether the console asks for a TOTP code. */
  public boolean secondFactor() {
    return totp != null;
  }

  /** A console sign-in from {@code address}. */
  public Outcome signIn(String address, String candidateToken, String code) {
    return attempt(address, candidateToken, code, "console");
  }

  /** An admin API call from {@code address} with {@code bearer} and a TOTP {@code code}. */
  public Outcome bearer(String address, String bearer, String code) {
    return attempt(address, bearer, code, "admin API");
  }

  private Outcome attempt(String address, String candidateToken, String code, String where) {
    GuessThrottle.Verdict verdict =
        throttle.attempt(
            address,
            () -> {
              boolean tokenOk = token.matches(candidateToken);
              if (totp == null) {
                return tokenOk;
              }
              OptionalLong step =
                  totp.matchingStep(code == null ? null : code.strip(), Instant.now());
              return tokenOk && step.isPresent() && totp.accept(step.getAsLong());
            });
    switch (verdict.outcome()) {
      case ACCEPTED:
        return new Outcome.Admitted();
      case THROTTLED:
        return new Outcome.Throttled(verdict.retryAfter());
      default:
        LOG.log(Level.WARNING, "Failed {0} sign-in from {1}", where, address);
        return new Outcome.Refused(verdict.retryAfter());
    }
  }
}
