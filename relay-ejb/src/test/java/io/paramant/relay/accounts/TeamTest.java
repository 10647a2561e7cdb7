package io.paramant.relay.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.paramant.accounts.Plan;
import java.util.List;
import org.junit.jupiter.api.Test;

class TeamTest {

  private static Account account(String label, String team, boolean active) {
    return new Account(label, Plan.PRO, null, active, team, null);
  }

  private static final Account LEAD = account("radiology", null, true);
  private static final Account SCANNER = account("scanner-1", "radiology", true);
  private static final Account REVOKED = account("scanner-0", "radiology", false);
  private static final Account PRINTER = account("printer", "radiology", true);
  private static final Account OTHER_LEAD = account("finance", null, true);
  private static final Account OTHER = account("till-1", "finance", true);
  private static final Account LONER = account("alice", null, true);
  private static final List<Account> ALL =
      List.of(OTHER, SCANNER, LEAD, LONER, REVOKED, OTHER_LEAD, PRINTER);

  @Test
  void a_member_sees_its_team_by_label_revoked_members_and_the_lead_included() {
    Team team = Team.of(SCANNER, ALL);

    assertEquals("radiology", team.name());
    assertEquals(List.of(PRINTER, LEAD, REVOKED, SCANNER), team.members());
  }

  @Test
  void an_account_without_a_team_leads_the_team_named_by_its_label() {
    assertEquals(Team.of(SCANNER, ALL), Team.of(LEAD, ALL));
    assertEquals(List.of(OTHER_LEAD, OTHER), Team.of(OTHER, ALL).members());
  }

  @Test
  void an_account_alone_is_a_team_of_one() {
    Team team = Team.of(LONER, ALL);

    assertEquals("alice", team.name());
    assertEquals(List.of(LONER), team.members());
  }

  @Test
  void an_account_labelled_like_the_team_but_in_another_team_is_not_a_member() {
    Account impostor = account("radiology", "finance", true);
    Account member = account("scanner-1", "radiology", true);

    Team team = Team.of(member, List.of(impostor, member));

    assertEquals(List.of(member), team.members());
    assertEquals(
        List.of(OTHER_LEAD, impostor, OTHER),
        Team.of(OTHER, List.of(OTHER_LEAD, impostor, OTHER)).members());
  }
}
