package io.paramant.web.clients;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.System.Logger.Level;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The client address of a request: the one place a web module asks for it. Anything keyed on a
 * client (the relays' drop pickup limit and admin-token slow-down, the console's sign-in slow-down)
 * calls {@link #of(HttpServletRequest)}, never {@code getRemoteAddr()} or a header itself.
 * Configured by {@code paramant.trusted-proxies} (PARAMANT_TRUSTED_PROXIES; default none),
 * validated at start-up: a wrong entry stops the application with a message that names it.
 *
 * <p>Not a bean itself: like the other classes of this library it carries no bean-defining
 * annotation, so nothing depends on how a container scans a library jar. Each WAR declares one
 * application-scoped subclass (relay-web's {@code RelayClientAddresses}, admin-web's {@code
 * ConsoleClientAddresses}); the injection, the start-up check and the rule are inherited.
 */
public class ClientAddresses {

  /** The header a trusted proxy puts the client's address in. */
  public static final String FORWARDED_FOR = "X-Forwarded-For";

  private static final HexFormat HEX = HexFormat.of();

  private static final System.Logger LOG = System.getLogger(ClientAddresses.class.getName());

  @Inject
  @ConfigProperty(name = "paramant.trusted-proxies")
  Optional<String> configured;

  private TrustedProxies trusted = TrustedProxies.NONE;

  /** For the container: the bean is a WAR's subclass. */
  protected ClientAddresses() {}

  @PostConstruct
  protected void configure() {
    trust(configured == null ? "" : configured.orElse(""));
  }

  /**
   * Sets the trusted proxies from their configured text. Private, not final: a final method would
   * make the bean's type unproxyable (CDI refuses client proxies for such types).
   *
   * @throws IllegalStateException naming {@code paramant.trusted-proxies} and the wrong entry
   */
  private void trust(String value) {
    try {
      trusted = TrustedProxies.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("paramant.trusted-proxies: " + e.getMessage(), e);
    }
    LOG.log(
        Level.INFO,
        "Trusted proxies (X-Forwarded-For believed only from these peers): {0}",
        trusted);
  }

  /** Reads the configuration when the application starts, so that a wrong one fails the start. */
  protected void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
    // observing creates the bean: configure() has run, or the deployment failed
  }

  /**
   * The unit a per-client limit or slow-down applies to: the client address of {@code request},
   * grouped by {@link #unitOf(String)}. Every limit keyed on a client uses this, not {@link #of}.
   */
  public String limitUnitOf(HttpServletRequest request) {
    return unitOf(of(request));
  }

  /**
   * The unit of a client address: an IPv4 address, or the /64 prefix of an IPv6 address (one
   * subscriber usually holds a whole /64, so counting single IPv6 addresses would let a guesser or
   * a greedy client start afresh with each of its 2^64 addresses). IPv4-mapped IPv6 addresses count
   * as IPv4.
   */
  public static String unitOf(String address) {
    if (address == null || address.isEmpty()) {
      return "unknown";
    }
    if (address.indexOf(':') < 0) {
      return address; // IPv4 (a host name is never a servlet remote address)
    }
    try {
      // A string with ':' is parsed as an IPv6 literal, never looked up in DNS.
      InetAddress parsed = InetAddress.getByName(address);
      if (parsed instanceof Inet6Address) {
        return HEX.formatHex(parsed.getAddress(), 0, 8) + "::/64";
      }
      return parsed.getHostAddress();
    } catch (UnknownHostException | SecurityException e) {
      return address;
    }
  }

  /** The client address of {@code request}, by the rule of {@link TrustedProxies}. */
  public String of(HttpServletRequest request) {
    Enumeration<String> forwarded = request.getHeaders(FORWARDED_FOR);
    return trusted.clientAddress(
        request.getRemoteAddr(), forwarded == null ? List.of() : Collections.list(forwarded));
  }
}
