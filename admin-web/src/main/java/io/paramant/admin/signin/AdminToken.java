package io.paramant.admin.signin;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The deployment's admin token ({@code ADMIN_TOKEN}): the console's sign-in secret, the admin API's
 * bearer token, and the credential this console presents to the sector relays' admin routes.
 *
 * <p>Checks compare SHA-256 digests with {@link MessageDigest#isEqual} (constant time, and the
 * length of the guess does not matter).
 */
@ApplicationScoped
public class AdminToken {

  /** As the relays require. */
  static final int MIN_LENGTH = 32;

  @Inject
  @ConfigProperty(name = "paramant.admin-token")
  Optional<String> configured;

  private String token;
  private byte[] digest;

  /** For the container. */
  public AdminToken() {}

  /** For tests without a container. */
  public AdminToken(String token) {
    this.configured = Optional.ofNullable(token);
    start();
  }

  @PostConstruct
  void start() {
    token = configured.map(String::strip).orElse("");
    if (token.length() < MIN_LENGTH) {
      throw new IllegalStateException(
          "paramant.admin-token (ADMIN_TOKEN) must be set to at least "
              + MIN_LENGTH
              + " characters");
    }
    digest = sha256(token);
  }

  /** Whether {@code candidate} is the admin token (constant time). */
  public boolean matches(String candidate) {
    return candidate != null && MessageDigest.isEqual(sha256(candidate), digest);
  }

  /** {@code Bearer <token>} for calls to the relays' admin routes. */
  public String bearer() {
    return "Bearer " + token;
  }

  /** {@code Basic} credentials of the relays' {@code /metrics} user {@code admin}. */
  public String basic() {
    return "Basic "
        + java.util.Base64.getEncoder()
            .encodeToString(("admin:" + token).getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
    }
  }

  @Override
  public String toString() {
    return "AdminToken[redacted]";
  }
}
