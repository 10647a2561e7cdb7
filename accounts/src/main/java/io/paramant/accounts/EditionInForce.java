package io.paramant.accounts;

import io.paramant.licence.Edition;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Edition resolution: the edition a relay or the admin console runs as, the same way in both. The
 * licence ({@code paramant.plk-key}, the operator's {@code PLK_KEY}) is checked once, when this is
 * made, against the vendor's public key ({@code paramant.licence-public-key}); a missing or refused
 * licence means the Community Edition, never a failed start. The reason is logged in one line,
 * without the token or the key. Expiry is re-evaluated on every {@link #now()}, and a change of
 * edition is logged once.
 *
 * <p>The relays ({@code Licensing}, an EJB singleton of relay-ejb) and the console ({@code
 * EditionService}, a CDI bean of admin.war) each hold one: a WAR cannot use another module's EJB,
 * and the console deploys without the relay's EJB module, so each keeps a thin container face over
 * this.
 */
public final class EditionInForce {

  private static final System.Logger LOG = System.getLogger(EditionInForce.class.getName());

  private final Edition resolved;
  private final Clock clock;
  private final AtomicReference<String> lastName;

  private EditionInForce(Edition resolved, Clock clock) {
    this.resolved = resolved;
    this.clock = clock;
    this.lastName = new AtomicReference<>(resolved.name());
  }

  /**
   * Checks the licence now and logs the outcome.
   *
   * @param plkKey the operator's licence token, absent or blank when none
   * @param publicKey the vendor's public key (base64), absent or blank when none
   */
  public static EditionInForce resolve(
      Optional<String> plkKey, Optional<String> publicKey, Clock clock) {
    Objects.requireNonNull(clock, "clock");
    Edition edition =
        Edition.resolve(
            Objects.requireNonNullElse(plkKey, Optional.empty()),
            Objects.requireNonNullElse(publicKey, Optional.empty()),
            clock.instant());
    LOG.log(Level.INFO, edition.explanation());
    return new EditionInForce(edition, clock);
  }

  /** The edition now: a licensed edition whose licence has expired is the Community Edition. */
  public Edition now() {
    Edition current = resolved.at(clock.instant());
    String previous = lastName.getAndSet(current.name());
    if (!current.name().equals(previous)) {
      LOG.log(Level.WARNING, "The edition changed: {0}", current.explanation());
    }
    return current;
  }
}
