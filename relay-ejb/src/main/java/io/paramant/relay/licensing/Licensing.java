package io.paramant.relay.licensing;

import io.paramant.licence.Edition;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The edition this relay runs as. The licence ({@code paramant.plk-key}, the operator's {@code
 * PLK_KEY}) is checked once at start-up against the vendor's public key ({@code
 * paramant.licence-public-key}); a missing or refused licence means the Community Edition, never a
 * failed start. The reason is logged in one line, without the token or the key. Expiry is
 * re-evaluated on every {@link #edition()}, and a change of edition is logged once.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Licensing {

  private static final System.Logger LOG = System.getLogger(Licensing.class.getName());

  @Inject
  @ConfigProperty(name = "paramant.plk-key")
  Optional<String> plkKey;

  @Inject
  @ConfigProperty(name = "paramant.licence-public-key")
  Optional<String> publicKey;

  private Clock clock = Clock.systemUTC();
  private Edition resolved;
  private final AtomicReference<String> lastName = new AtomicReference<>();

  /** For the container. */
  public Licensing() {}

  /** For tests without a container. */
  Licensing(Optional<String> plkKey, Optional<String> publicKey, Clock clock) {
    this.plkKey = plkKey;
    this.publicKey = publicKey;
    this.clock = clock;
    start();
  }

  @PostConstruct
  void start() {
    resolved = Edition.resolve(plkKey, publicKey, clock.instant());
    lastName.set(resolved.name());
    LOG.log(Level.INFO, resolved.explanation());
  }

  /** The edition now: a licensed edition whose licence has expired is the Community Edition. */
  public Edition edition() {
    Instant now = clock.instant();
    Edition current = resolved.at(now);
    String previous = lastName.getAndSet(current.name());
    if (!current.name().equals(previous)) {
      LOG.log(Level.WARNING, "The edition changed: {0}", current.explanation());
    }
    return current;
  }
}
