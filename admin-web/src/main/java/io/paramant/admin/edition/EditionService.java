package io.paramant.admin.edition;

import io.paramant.accounts.EditionInForce;
import io.paramant.licence.Edition;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The edition this console enforces: the container face of {@link EditionInForce} (accounts
 * module), the same resolution as the relays' ({@code PLK_KEY} checked once at start against {@code
 * PARAMANT_LICENCE_PUBLIC_KEY}, its expiry on every use). A CDI bean of its own because the
 * console's WAR cannot use the relays' EJB (see {@link EditionInForce}).
 */
@ApplicationScoped
public class EditionService {

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

  /** The edition in force now (a licence that has expired since the start no longer counts). */
  public Edition current() {
    return edition.now();
  }
}
