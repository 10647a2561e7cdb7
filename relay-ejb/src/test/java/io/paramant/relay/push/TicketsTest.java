package io.paramant.relay.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.paramant.relay.blob.Owner;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TicketsTest {

  private static final Owner ALICE = new Owner("alice", null);
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final Tickets tickets = new Tickets(now::get);

  @Test
  void a_ticket_works_once_for_its_owner() {
    Tickets.Issued issued = tickets.issue(ALICE);

    assertEquals(30, issued.expiresInSeconds());
    assertEquals(ALICE, tickets.redeem(issued.ticket()));
    assertEquals(
        "invalid_ticket",
        assertThrows(TicketException.class, () -> tickets.redeem(issued.ticket())).code());
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
  void tickets_are_random_and_outstanding_ones_are_bounded_per_account() {
    assertNotEquals(tickets.issue(ALICE).ticket(), tickets.issue(ALICE).ticket());
    for (int i = 2; i < Tickets.MAX_OUTSTANDING_PER_ACCOUNT; i++) {
      tickets.issue(ALICE);
    }
    assertEquals(
        "too_many_tickets", assertThrows(TicketException.class, () -> tickets.issue(ALICE)).code());
    tickets.issue(new Owner("bob", null));

    now.addAndGet(Tickets.VALIDITY_MS);
    tickets.sweep();
    tickets.issue(ALICE);
  }
}
