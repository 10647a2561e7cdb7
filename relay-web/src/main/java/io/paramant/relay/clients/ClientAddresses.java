package io.paramant.relay.clients;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.System.Logger.Level;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The client address of a request: the one place the relay asks for it (anything it keys on a
 * client, such as the drop pickup limit, calls {@link #of(HttpServletRequest)}, never {@code
 * getRemoteAddr()} or a header itself). Configured by {@code paramant.trusted-proxies}
 * (PARAMANT_TRUSTED_PROXIES; default none), validated at start-up: a wrong entry stops the relay
 * with a message that names it.
 */
@ApplicationScoped
public class ClientAddresses {

  /** The header a trusted proxy puts the client's address in. */
  public static final String FORWARDED_FOR = "X-Forwarded-For";

  private static final System.Logger LOG = System.getLogger(ClientAddresses.class.getName());

  @Inject
  @ConfigProperty(name = "paramant.trusted-proxies")
  Optional<String> configured;

  private TrustedProxies trusted = TrustedProxies.NONE;

  @PostConstruct
  void configure() {
    try {
      trusted = TrustedProxies.parse(configured.orElse(""));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("paramant.trusted-proxies: " + e.getMessage(), e);
    }
    LOG.log(
        Level.INFO,
        "Trusted proxies (X-Forwarded-For believed only from these peers): {0}",
        trusted);
  }

  /** Reads the configuration when the application starts, so that a wrong one fails the start. */
  void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
    // observing creates the bean: configure() has run, or the deployment failed
  }

  /** The client address of {@code request}, by the rule of {@link TrustedProxies}. */
  public String of(HttpServletRequest request) {
    Enumeration<String> forwarded = request.getHeaders(FORWARDED_FOR);
    return trusted.clientAddress(
        request.getRemoteAddr(), forwarded == null ? List.of() : Collections.list(forwarded));
  }
}
