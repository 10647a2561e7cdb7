package io.paramant.relay.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.paramant.accounts.Plan;
import io.paramant.relay.accounts.Account;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * WebSocket tickets as anyone can present them on {@code /v2/stream?ticket=}: {@link
 * Tickets#redeem} refuses every text but an issued, unused ticket with {@link TicketException}
 * (nothing else escapes), and a refused guess does not spend the real ticket. Seeds and findings:
 * src/test/resources/io/paramant/relay/push/TicketsFuzzTestInputs/.
 */
class TicketsFuzzTest {

  private static final Account OWNER =
      new Account("alice", Plan.PRO, "alice@example.com", true, null, null);

  @FuzzTest
  void redeem(byte[] input) {
    Tickets tickets = new Tickets(() -> 1_000_000L, label -> Optional.of(OWNER));
    String issued = tickets.issue(OWNER).ticket();
    String presented = new String(input, StandardCharsets.UTF_8);
    if (!presented.equals(issued)) {
      assertThrows(TicketException.class, () -> tickets.redeem(presented));
    }
    assertEquals(OWNER, tickets.redeem(issued));
    assertThrows(TicketException.class, () -> tickets.redeem(issued));
  }
}
