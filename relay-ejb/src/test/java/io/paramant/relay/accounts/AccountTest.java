package io.paramant.relay.accounts;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
  void labelsFollowTheConsolesRule() {
    assertTrue(Account.isValidLabel("alice@example.com"));
    assertTrue(Account.isValidLabel("a"));
    assertFalse(Account.isValidLabel("-a"));
    assertFalse(Account.isValidLabel("a b"));
    assertFalse(Account.isValidLabel("a".repeat(65)));
  }
}
