package io.paramant.admin.edition;

import io.paramant.licence.Edition;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The edition this console enforces: the Community Edition (at most {@link
 * Edition#COMMUNITY_MAX_USERS} active users) unless {@code PLK_KEY} holds a licence signed by the
 * key in {@code PARAMANT_LICENCE_PUBLIC_KEY}. The licence is checked once at start (its outcome is
 * logged, never the key) and its expiry on every use.
 */
@ApplicationScoped
public class EditionService {

  private static final System.Logger LOG = System.getLogger(EditionService.class.getName());

  @Inject
  @ConfigProperty(name = "paramant.plk-key")
  Optional<String> plkKey;

  @Inject
  @ConfigProperty(name = "paramant.licence-public-key")
  Optional<String> publicKey;

  private Edition edition;

  @PostConstruct
  void start() {
    edition =
        Edition.resolve(
            plkKey.map(String::strip).filter(s -> !s.isEmpty()),
            publicKey.map(String::strip).filter(s -> !s.isEmpty()),
            Instant.now());
    LOG.log(Level.INFO, edition.explanation());
  }

  /** The edition in force now (a licence that has expired since the start no longer counts). */
  public Edition current() {
    return edition.at(Instant.now());
  }
}
