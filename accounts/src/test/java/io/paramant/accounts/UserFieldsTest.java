package io.paramant.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The label, team and e-mail rules, with the examples of the copies they replace. */
class UserFieldsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a",
        "alice",
        "alice@example.com",
        "scanner-01",
        "dev_2.b",
        "0start",
        "Z",
        "7",
        "printer_1.lab",
        "A1-b2_c3.d4",
        "A23456789012345678901234567890123456789012345678901234567890123" + "4"
      })
  void labels_of_1_to_64_letters_digits_and_dot_underscore_at_dash_are_accepted(String label) {
    assertTrue(UserFields.isValidLabel(label), label);
    assertEquals(label, UserFields.requireLabel(label));
    assertEquals(label, UserFields.requireTeam(label));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "-a",
        ".a",
        "_a",
        "@a",
        "a b",
        "../x",
        "a/b",
        "a:b",
        "a+b",
        "é",
        "ümlaut",
        "tab\t",
        "a\n",
        "a\u0000",
        "A2345678901234567890123456789012345678901234567890123456789012345"
      })
  void other_labels_are_refused(String label) {
    assertFalse(UserFields.isValidLabel(label), label);
    AccountsException e =
        assertThrows(AccountsException.class, () -> UserFields.requireLabel(label));
    assertEquals(AccountsException.Kind.INVALID, e.kind());
    assertEquals("invalid_label", e.code());
    assertEquals("label must be 1-64 letters, digits, '.', '_', '@' or '-'.", e.detail());
    AccountsException team =
        assertThrows(AccountsException.class, () -> UserFields.requireTeam(label));
    assertEquals("invalid_team", team.code());
    assertEquals("team must be 1-64 letters, digits, '.', '_', '@' or '-'.", team.detail());
  }

  @Test
  void no_label_is_refused_and_no_team_is_allowed() {
    assertFalse(UserFields.isValidLabel(null));
    assertEquals(
        "invalid_label",
        assertThrows(AccountsException.class, () -> UserFields.requireLabel(null)).code());
    assertEquals(null, UserFields.requireTeam(null));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "alice@example.com",
        "a@b.c",
        "a@b",
        "first.last+tag@sub.example.co.uk",
        "ünïcödé@bücher.example",
        "\"quoted\"@example.com",
        "x@localhost"
      })
  void addresses_are_accepted(String email) {
    assertTrue(UserFields.isValidEmail(email), email);
    assertEquals(email, UserFields.requireEmail(email));
  }

  @Test
  void the_longest_parts_are_accepted() {
    String longest = "l".repeat(64) + "@" + "d".repeat(189);
    assertEquals(254, longest.length());
    assertTrue(UserFields.isValidEmail(longest));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "nope",
        "@example.com",
        "alice@",
        "a@b@c",
        "a b@c.d",
        "a@b c",
        "a\t@b",
        "a@b\n",
        "@"
      })
  void other_addresses_are_refused(String email) {
    assertFalse(UserFields.isValidEmail(email), email);
    AccountsException e =
        assertThrows(AccountsException.class, () -> UserFields.requireEmail(email));
    assertEquals("invalid_email", e.code());
    assertEquals("email must be an address like alice@example.com.", e.detail());
  }

  /**
   * The relay's former pre-check ({@code [^\s@]+@[^\s@]+}, 254 characters) let these through to the
   * console, which refused them with the same code and sentence; the one rule refuses them.
   */
  @Test
  void a_local_part_over_64_or_a_domain_over_189_characters_is_refused() {
    assertFalse(UserFields.isValidEmail("l".repeat(65) + "@example.com"));
    assertFalse(UserFields.isValidEmail("a@" + "d".repeat(190)));
    assertFalse(UserFields.isValidEmail(null));
  }
}
