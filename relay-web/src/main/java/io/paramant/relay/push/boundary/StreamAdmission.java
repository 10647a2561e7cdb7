package io.paramant.relay.push.boundary;

import io.paramant.relay.accounts.Account;
import io.paramant.relay.push.TicketException;
import io.paramant.relay.push.Tickets;
import io.paramant.web.platform.ApiError;
import io.paramant.web.platform.ErrorServlet;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.Collections;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Admits {@code /v2/stream} upgrades before they happen: the ticket is redeemed and the account's
 * socket counted here, and a refusal is an HTTP answer in the API's JSON shape instead of a socket
 * that is opened only to be closed: 401 {@code invalid_ticket} for a missing, unknown, used or
 * expired ticket or one of an account revoked since (API.md: "close 4401 or HTTP 401 before the
 * upgrade"), 429 {@code too_many_sockets} with {@code Retry-After} for a socket beyond the
 * account's limit.
 *
 * <p>Why here and not in {@code @OnOpen}: Payara Micro (Tyrus on the servlet upgrade) went wrong
 * when the relay closed a socket it had just opened. About one such close in three hundred released
 * a connection's request and response while the container still used them, and they went on to
 * serve other connections: another client's request got an answer that was not its own (an empty
 * 200 for {@code POST /v2/ws-ticket} in one CI run), with GRIZZLY0013 and AS-WEB-CORE-00037 in the
 * log. Closing a quarter of a second later did not help (still there in the log). Refused before
 * the upgrade, no socket exists to close (StreamIT's three hundred refused sockets).
 *
 * <p>Mapped to every path ({@code /*}), not to {@code /v2/stream} alone: whether a spelling such as
 * {@code /v2/stream/} or {@code /v2/stream;x} reaches the endpoint is the WebSocket container's
 * matching, not the servlet mapping's, so every upgrade request is admitted here whatever its path;
 * other requests ({@link #isUpgrade}) pass untouched.
 *
 * <p>The admitted account reaches {@link StreamEndpoint} as the upgrade request's user principal
 * (Tyrus hands the handshake request's principal to the session). The container runs the endpoint's
 * {@code @OnOpen} after this filter has returned; the socket counted here is the one that
 * {@code @OnOpen} {@linkplain Admitted#claim() claims}, or is given back when the upgrade did not
 * happen.
 */
public class StreamAdmission extends HttpFilter {

  private static final long serialVersionUID = 1L;

  /** Seconds a client is told to wait after {@code too_many_sockets}. */
  static final int RETRY_AFTER_SECONDS = 5;

  @Inject Tickets tickets;
  @Inject Subscribers subscribers;

  /** An admitted upgrade: its account, with one socket counted for it until claimed or released. */
  static final class Admitted implements Principal {
    private final Account account;
    private final AtomicBoolean settled = new AtomicBoolean();

    Admitted(Account account) {
      this.account = account;
    }

    Account account() {
      return account;
    }

    /** True for the one {@code @OnOpen} that takes the counted socket over. */
    boolean claim() {
      return settled.compareAndSet(false, true);
    }

    /** True if the counted socket was still unclaimed (the caller gives it back). */
    boolean release() {
      return settled.compareAndSet(false, true);
    }

    @Override
    public String getName() {
      return account.label();
    }
  }

  /**
   * Whether the WebSocket container might take {@code request} for a handshake: it has a {@code
   * Sec-WebSocket-Key} (Tyrus's first test), or any {@code Upgrade} header names websocket in any
   * spelling. Deliberately wider than the container's own test, whose header parsing (trailing
   * commas, tabs, repeated headers) differs from a plain {@code getHeader}: whatever the container
   * could upgrade must be admitted here first.
   */
  static boolean isUpgrade(HttpServletRequest request) {
    if (request.getHeader("Sec-WebSocket-Key") != null) {
      return true;
    }
    for (String value : Collections.list(request.getHeaders("Upgrade"))) {
      if (value.toLowerCase(Locale.ROOT).contains("websocket")) {
        return true;
      }
    }
    return false;
  }

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!isUpgrade(request)) {
      chain.doFilter(request, response); // not a WebSocket handshake: the container answers it
      return;
    }
    Account account;
    try {
      account = tickets.redeem(request.getParameter("ticket"));
    } catch (TicketException e) {
      ErrorServlet.write(
          response,
          HttpServletResponse.SC_UNAUTHORIZED,
          new ApiError(e.code(), e.getMessage()),
          ErrorServlet.JSON_UTF_8);
      return;
    }
    int limit = subscribers.socketLimit(account.plan());
    if (!subscribers.reserve(account)) {
      response.setHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
      ErrorServlet.write(
          response,
          429,
          new ApiError(
              "too_many_sockets",
              "This account has "
                  + limit
                  + " sockets open on this relay, the most its plan allows; close one first."),
          ErrorServlet.JSON_UTF_8);
      return;
    }
    Admitted admitted = new Admitted(account);
    try {
      chain.doFilter(
          new HttpServletRequestWrapper(request) {
            @Override
            public Principal getUserPrincipal() {
              return admitted;
            }
          },
          response);
    } finally {
      if (response.getStatus() != HttpServletResponse.SC_SWITCHING_PROTOCOLS
          && admitted.release()) {
        subscribers.release(account); // no upgrade: no @OnOpen will claim the socket
      } else {
        subscribers.releaseUnlessClaimed(admitted);
      }
    }
  }
}
