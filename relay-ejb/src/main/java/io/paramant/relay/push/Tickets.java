package io.paramant.relay.push;

import io.paramant.relay.blob.Owner;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** One-time, short-lived WebSocket tickets (see the package documentation). */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Tickets {

  /** How long a ticket can be redeemed after it was issued. */
  public static final long VALIDITY_MS = 30_000;

  /** Unredeemed tickets one account may hold, so that issuing cannot grow memory without bound. */
  static final int MAX_OUTSTANDING_PER_ACCOUNT = 32;

  private static final SecureRandom RANDOM = new SecureRandom();

  private record Ticket(Owner owner, long expiresAtMs) {}

  /** A freshly issued ticket. */
  public record Issued(String ticket, long expiresInSeconds) {}

  private final ConcurrentHashMap<String, Ticket> byDigest = new ConcurrentHashMap<>();
  private final LongSupplier clock;

  /** For the container. */
  public Tickets() {
    this(System::currentTimeMillis);
  }

  Tickets(LongSupplier clock) {
    this.clock = clock;
  }

  /**
   * Issues a ticket for {@code owner}.
   *
   * @throws TicketException {@code too_many_tickets} when the account holds too many unredeemed
   *     ones
   */
  public Issued issue(Owner owner) {
    long now = clock.getAsLong();
    long outstanding =
        byDigest.values().stream()
            .filter(t -> t.owner().account().equals(owner.account()) && t.expiresAtMs() > now)
            .count();
    if (outstanding >= MAX_OUTSTANDING_PER_ACCOUNT) {
      throw TicketException.tooMany();
    }
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    byDigest.put(digest(ticket), new Ticket(owner, now + VALIDITY_MS));
    return new Issued(ticket, VALIDITY_MS / 1000);
  }

  /**
   * Redeems a ticket: the first redemption within its validity returns its owner; every other use
   * fails.
   *
   * @throws TicketException {@code invalid_ticket} for unknown, used or expired tickets
   */
  public Owner redeem(String ticket) {
    if (ticket == null || ticket.length() > 100) {
      throw TicketException.invalid();
    }
    Ticket found = byDigest.remove(digest(ticket));
    if (found == null || clock.getAsLong() >= found.expiresAtMs()) {
      throw TicketException.invalid();
    }
    return found.owner();
  }

  /** Forgets expired tickets. */
  @Schedule(second = "*/5", minute = "*", hour = "*", persistent = false)
  public void sweep() {
    long now = clock.getAsLong();
    byDigest.values().removeIf(t -> now >= t.expiresAtMs());
  }

  private static String digest(String ticket) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(ticket.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
    }
  }
}
