package io.paramant.relay.push;

import io.paramant.relay.accounts.Account;
import io.paramant.relay.accounts.Accounts;
import io.paramant.relay.accounts.AccountsChanged;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/** One-time, short-lived WebSocket tickets (see the package documentation). */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Tickets {

  /** How long a ticket can be redeemed after it was issued. */
  public static final long VALIDITY_MS = 30_000;

  /** Unredeemed tickets one account may hold, so that issuing cannot grow memory without bound. */
  public static final int MAX_OUTSTANDING_PER_ACCOUNT = 32;

  private static final SecureRandom RANDOM = new SecureRandom();

  private record Ticket(String account, long expiresAtMs) {}

  /** A freshly issued ticket. */
  public record Issued(String ticket, long expiresInSeconds) {}

  @Inject Accounts accounts;

  private final ConcurrentHashMap<String, Ticket> byDigest = new ConcurrentHashMap<>();

  /** Tickets in {@link #byDigest} per account label; only accounts holding one have an entry. */
  private final ConcurrentHashMap<String, Integer> outstanding = new ConcurrentHashMap<>();

  private LongSupplier clock;
  private Function<String, Optional<Account>> activeAccount;

  /** For the container. */
  public Tickets() {}

  /**
   * For tests without a container.
   *
   * @param activeAccount the account of a label as users.json has it now, if it is active
   */
  Tickets(LongSupplier clock, Function<String, Optional<Account>> activeAccount) {
    this.clock = clock;
    this.activeAccount = activeAccount;
  }

  @PostConstruct
  void start() {
    clock = System::currentTimeMillis;
    activeAccount = accounts::activeAccount;
  }

  /**
   * Issues a ticket for {@code account}. The count of its unredeemed tickets is checked and raised
   * in one atomic step, so concurrent requests of one account never hold more than {@link
   * #MAX_OUTSTANDING_PER_ACCOUNT}.
   *
   * @throws TicketException {@code too_many_tickets} when the account holds too many unredeemed
   *     ones
   */
  public Issued issue(Account account) {
    String label = account.label();
    if (!tryCount(label)) {
      sweep(); // expired tickets still count until they are swept
      if (!tryCount(label)) {
        throw TicketException.tooMany();
      }
    }
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    byDigest.put(digest(ticket), new Ticket(label, clock.getAsLong() + VALIDITY_MS));
    return new Issued(ticket, VALIDITY_MS / 1000);
  }

  /**
   * Redeems a ticket: the first redemption within its validity, while its account is still active,
   * returns the account as users.json has it now; every other use fails.
   *
   * @throws TicketException {@code invalid_ticket} for unknown, used or expired tickets, and for
   *     tickets of an account that was revoked or removed since
   */
  public Account redeem(String ticket) {
    if (ticket == null || ticket.length() > 100) {
      throw TicketException.invalid();
    }
    Ticket found = byDigest.remove(digest(ticket));
    if (found == null) {
      throw TicketException.invalid();
    }
    uncount(found.account());
    if (clock.getAsLong() >= found.expiresAtMs()) {
      throw TicketException.invalid();
    }
    return activeAccount.apply(found.account()).orElseThrow(TicketException::invalid);
  }

  /** Tickets of accounts that are no longer active die at once (their count goes with them). */
  public void accountsChanged(@Observes AccountsChanged changed) {
    forgetIf(ticket -> activeAccount.apply(ticket.account()).isEmpty());
  }

  /** Forgets expired tickets. */
  @Schedule(second = "*/5", minute = "*", hour = "*", persistent = false)
  public void sweep() {
    long now = clock.getAsLong();
    forgetIf(ticket -> now >= ticket.expiresAtMs());
  }

  /** Unredeemed tickets {@code account} holds now (expired ones until they are swept). */
  public int outstanding(String account) {
    return outstanding.getOrDefault(account, 0);
  }

  private void forgetIf(Predicate<Ticket> doomed) {
    for (Map.Entry<String, Ticket> entry : byDigest.entrySet()) {
      Ticket ticket = entry.getValue();
      if (doomed.test(ticket) && byDigest.remove(entry.getKey(), ticket)) {
        uncount(ticket.account());
      }
    }
  }

  private boolean tryCount(String account) {
    boolean[] counted = new boolean[1];
    outstanding.compute(
        account,
        (key, count) -> {
          int n = count == null ? 0 : count;
          if (n >= MAX_OUTSTANDING_PER_ACCOUNT) {
            return count;
          }
          counted[0] = true;
          return n + 1;
        });
    return counted[0];
  }

  private void uncount(String account) {
    outstanding.computeIfPresent(account, (key, count) -> count > 1 ? count - 1 : null);
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
