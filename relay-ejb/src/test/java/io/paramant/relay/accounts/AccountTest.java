package io.paramant.relay.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.accounts.Plan;
import io.paramant.relay.InvalidInputException;
import org.junit.jupiter.api.Test;

class AccountTest {

  private static Account account(String label, String team) {
    return new Account(label, Plan.PRO, label + "@example.test", true, team, null);
  }

  @Test
  void aLeadWithoutATeamSharesBlobsWithTheDevicesOfItsTeam() {
    Account lead = account("clinic", null);
    Account device = account("scanner-1", "clinic");
    assertTrue(lead.owner().mayRead(device.owner()));
    assertTrue(device.owner().mayRead(lead.owner()));
  }

  @Test
  void accountsWithoutTeamsAndOtherTeamsStayApart() {
    Account alice = account("alice", null);
    Account bob = account("bob", null);
    Account other = account("eve", "other-team");
    assertFalse(alice.owner().mayRead(bob.owner()));
    assertFalse(bob.owner().mayRead(alice.owner()));
    assertFalse(alice.owner().mayRead(other.owner()));
    assertFalse(other.owner().mayRead(alice.owner()));
  }

  @Test
  void ttl_defaults_clamps_to_the_plan_and_refuses_non_positive_in_the_apis_words() {
    assertEquals(3_600_000, account("a", null).ttlMs(null));
    assertEquals(86_400_000, account("a", null).ttlMs(Long.MAX_VALUE));
    for (long bad : new long[] {0, -5}) {
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> account("a", null).ttlMs(bad));
      assertEquals("invalid_ttl", e.code());
      assertEquals("ttl_ms must be a positive number of milliseconds.", e.getMessage());
    }
  }
}
