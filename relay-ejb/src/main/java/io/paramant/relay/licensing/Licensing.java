package io.paramant.relay.licensing;

import io.paramant.accounts.EditionInForce;
import io.paramant.licence.Edition;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The edition this relay runs as: the container face of {@link EditionInForce} (accounts module),
 * which checks the licence ({@code paramant.plk-key}) once at start-up against {@code
 * paramant.licence-public-key} and re-evaluates its expiry on every {@link #edition()}. An EJB
 * singleton so that the check runs while the application deploys and once for the whole relay.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Licensing {

  @Inject
  @ConfigProperty(name = "paramant.plk-key")
  Optional<String> plkKey;

  @Inject
  @ConfigProperty(name = "paramant.licence-public-key")
  Optional<String> publicKey;

  private EditionInForce edition;

  @PostConstruct
  void start() {
    edition = EditionInForce.resolve(plkKey, publicKey, Clock.systemUTC());
  }

  /** The edition now: a licensed edition whose licence has expired is the Community Edition. */
  public Edition edition() {
    return edition.now();
  }
}
