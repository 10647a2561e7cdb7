package io.paramant.relay.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.paramant.accounts.Plan;
import io.paramant.relay.accounts.Account;
import io.paramant.relay.accounts.AccountsChanged;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TicketsTest {

  private static final Account ALICE = account("alice", Plan.PRO);
  private static final Account BOB = account("bob", Plan.FREE);

  private final AtomicLong now = new AtomicLong(1_000_000);

  /** users.json as the relay sees it now: the active accounts by label. */
  private final Map<String, Account> active =
      new ConcurrentHashMap<>(Map.of(ALICE.label(), ALICE, BOB.label(), BOB));

  private final Tickets tickets =
      new Tickets(now::get, label -> Optional.ofNullable(active.get(label)));

  @Test
  void a_ticket_works_once_for_its_account() {
    Tickets.Issued issued = tickets.issue(ALICE);

    assertEquals(30, issued.expiresInSeconds());
    assertEquals(ALICE, tickets.redeem(issued.ticket()));
    assertEquals(
        "invalid_ticket",
        assertThrows(TicketException.class, () -> tickets.redeem(issued.ticket())).code());
    assertEquals(0, tickets.outstanding(ALICE.label()));
  }

  @Test
  void redeeming_answers_the_account_as_it_is_now() {
    Tickets.Issued issued = tickets.issue(ALICE);
    Account upgraded = account("alice", Plan.ENTERPRISE);
    active.put("alice", upgraded);

    assertEquals(upgraded, tickets.redeem(issued.ticket()));
  }

  @Test
  void an_expired_or_unknown_ticket_is_refused() {
    Tickets.Issued issued = tickets.issue(ALICE);
    now.addAndGet(Tickets.VALIDITY_MS);

    assertThrows(TicketException.class, () -> tickets.redeem(issued.ticket()));
    assertThrows(TicketException.class, () -> tickets.redeem("made-up"));
    assertThrows(TicketException.class, () -> tickets.redeem(null));
    assertThrows(TicketException.class, () -> tickets.redeem("x".repeat(10_000)));
  }

  @Test
  void a_ticket_of_an_account_revoked_before_any_reload_is_refused_at_redemption() {
    Tickets.Issued issued = tickets.issue(ALICE);
    active.remove("alice"); // users.json says inactive; no AccountsChanged seen yet

    assertEquals(
        "invalid_ticket",
        assertThrows(TicketException.class, () -> tickets.redeem(issued.ticket())).code());
    active.put("alice", ALICE); // reactivated: the used-up ticket stays used up
    assertThrows(TicketException.class, () -> tickets.redeem(issued.ticket()));
  }

  @Test
  void a_revoked_accounts_unredeemed_tickets_die_with_it_on_reload() {
    Tickets.Issued first = tickets.issue(ALICE);
    Tickets.Issued second = tickets.issue(ALICE);
    Tickets.Issued bobs = tickets.issue(BOB);
    active.remove("alice");

    tickets.accountsChanged(new AccountsChanged());

    assertEquals(0, tickets.outstanding("alice"));
    assertEquals(1, tickets.outstanding("bob"));
    active.put("alice", ALICE); // even reactivated at once, the old tickets are gone
    assertThrows(TicketException.class, () -> tickets.redeem(first.ticket()));
    assertThrows(TicketException.class, () -> tickets.redeem(second.ticket()));
    assertEquals(BOB, tickets.redeem(bobs.ticket()));
  }

  @Test
  void tickets_are_random_and_outstanding_ones_are_bounded_per_account() {
    assertNotEquals(tickets.issue(ALICE).ticket(), tickets.issue(ALICE).ticket());
    for (int i = 2; i < Tickets.MAX_OUTSTANDING_PER_ACCOUNT; i++) {
      tickets.issue(ALICE);
    }
    assertEquals(
        "too_many_tickets", assertThrows(TicketException.class, () -> tickets.issue(ALICE)).code());
    tickets.issue(BOB);

    now.addAndGet(Tickets.VALIDITY_MS);
    tickets.issue(ALICE); // expired ones no longer count, swept or not
    assertEquals(1, tickets.outstanding("alice"));
  }

  @Test
  void a_redeemed_ticket_frees_its_place_at_once() {
    List<Tickets.Issued> issued = new ArrayList<>();
    for (int i = 0; i < Tickets.MAX_OUTSTANDING_PER_ACCOUNT; i++) {
      issued.add(tickets.issue(ALICE));
    }
    assertThrows(TicketException.class, () -> tickets.issue(ALICE));

    tickets.redeem(issued.get(0).ticket());

    tickets.issue(ALICE);
    assertEquals(Tickets.MAX_OUTSTANDING_PER_ACCOUNT, tickets.outstanding("alice"));
  }

  @Test
  void concurrent_issues_of_one_account_never_exceed_the_bound() throws Exception {
    int attempts = 4 * Tickets.MAX_OUTSTANDING_PER_ACCOUNT;
    ExecutorService threads = Executors.newFixedThreadPool(16);
    try {
      for (int round = 0; round < 20; round++) {
        Account account = account("racer-" + round, Plan.FREE);
        active.put(account.label(), account);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < attempts; i++) {
          results.add(
              threads.submit(
                  () -> {
                    start.await();
                    try {
                      tickets.issue(account);
                      return true;
                    } catch (TicketException tooMany) {
                      return false;
                    }
                  }));
        }
        start.countDown();
        int issued = 0;
        for (Future<Boolean> result : results) {
          issued += result.get() ? 1 : 0;
        }
        assertEquals(Tickets.MAX_OUTSTANDING_PER_ACCOUNT, issued, "round " + round);
        assertEquals(Tickets.MAX_OUTSTANDING_PER_ACCOUNT, tickets.outstanding(account.label()));
      }
    } finally {
      threads.shutdownNow();
    }
  }

  private static Account account(String label, Plan plan) {
    return new Account(label, plan, label + "@example.com", true, null, null);
  }
}
