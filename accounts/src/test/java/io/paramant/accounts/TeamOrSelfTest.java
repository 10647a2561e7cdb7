package io.paramant.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TeamOrSelfTest {

  @Test
  void an_account_with_a_team_belongs_to_it() {
    assertEquals("acme", TeamOrSelf.of("scanner-01", "acme"));
    assertTrue(TeamOrSelf.isMember("acme", "scanner-01", "acme"));
    assertFalse(TeamOrSelf.isMember("scanner-01", "scanner-01", "acme"));
  }

  @Test
  void an_account_without_a_team_leads_the_team_named_after_its_label() {
    assertEquals("lead", TeamOrSelf.of("lead", null));
    assertTrue(TeamOrSelf.isMember("lead", "lead", null));
    assertFalse(TeamOrSelf.isMember("other", "lead", null));
    assertEquals("lead", new User("lead", "pro", null, true, null, null).teamOrSelf());
    assertEquals("acme", new User("lead", "pro", null, true, null, "acme").teamOrSelf());
  }

  @Test
  void an_account_whose_team_is_another_label_is_not_that_accounts_own_member() {
    // "impostor" names its team after "lead": it joins lead's team, lead does not join its own.
    assertTrue(TeamOrSelf.isMember("lead", "impostor", "lead"));
    assertFalse(TeamOrSelf.isMember("impostor", "impostor", "lead"));
  }
}
