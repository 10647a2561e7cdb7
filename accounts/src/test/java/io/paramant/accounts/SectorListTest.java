package io.paramant.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SectorListTest {

  @Test
  void the_launchers_list_is_read_in_order() {
    List<SectorList.Entry> sectors =
        SectorList.parse(
            "main=http://127.0.0.1:3000,health=http://127.0.0.1:3001,finance=http://127.0.0.1:3002,"
                + "legal=http://127.0.0.1:3003,iot=http://127.0.0.1:3004",
            "iot");

    assertEquals(
        List.of(
            new SectorList.Entry("main", "http://127.0.0.1:3000"),
            new SectorList.Entry("health", "http://127.0.0.1:3001"),
            new SectorList.Entry("finance", "http://127.0.0.1:3002"),
            new SectorList.Entry("legal", "http://127.0.0.1:3003"),
            new SectorList.Entry("iot", "http://127.0.0.1:3004")),
        sectors);
  }

  @Test
  void white_space_is_ignored_and_https_urls_with_paths_are_kept_as_written() {
    assertEquals(
        List.of(
            new SectorList.Entry("main", "https://relay.example/main/"),
            new SectorList.Entry("iot", "http://[::1]:3004")),
        SectorList.parse(" main = https://relay.example/main/ ,\tiot=http://[::1]:3004 ", "main"));
  }

  /** A relay's list is a console's list. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "main=http://127.0.0.1:3000,iot=http://127.0.0.1:3004",
        "0main=http://127.0.0.1:3000",
        "a-sector-name-of-32-characters-x=http://127.0.0.1:3000",
      })
  void a_list_a_relay_accepts_the_console_accepts(String value) {
    String self = value.substring(0, value.indexOf('='));
    assertEquals(SectorList.parse(value, self), SectorList.parse(value));
  }

  /**
   * Lists the console's former rule accepted (empty entries skipped, a user or fragment let
   * through) and the relays refused: no deployment ran with them, and now both refuse them.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "main=http://127.0.0.1:3000,",
        "main=http://127.0.0.1:3000,,iot=http://127.0.0.1:3004",
        "main=http://user:pw@127.0.0.1:3000",
        "main=http://127.0.0.1:3000/#top",
        // names no relay can run under: its log's leaves and data directory need the sector rule
        "Main=http://127.0.0.1:3000",
        "main.eu=http://127.0.0.1:3000",
        "iot_2=http://127.0.0.1:3004",
        "-main=http://127.0.0.1:3000",
        "a-sector-name-of-33-characters-xx=http://127.0.0.1:3000",
      })
  void a_list_a_relay_refuses_the_console_refuses(String value) {
    assertThrows(IllegalArgumentException.class, () -> SectorList.parse(value, "main"));
    assertThrows(IllegalArgumentException.class, () -> SectorList.parse(value));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "main",
        "main=",
        "=http://127.0.0.1:3000",
        "main=http://127.0.0.1:3000;iot=http://127.0.0.1:3004",
        "main=127.0.0.1:3000",
        "main=ftp://127.0.0.1:3000",
        "main=http://",
        "main=http://127.0.0.1:3000/?x=1",
        "main=http://127.0.0.1:3000 /x",
        "main=http://127.0.0.1:3000,main=http://127.0.0.1:3001",
        "ma in=http://127.0.0.1:3000",
        "-main=http://127.0.0.1:3000",
        "",
        "iot=http://127.0.0.1:3004"
      })
  void a_malformed_list_is_refused_with_the_reason(String value) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SectorList.parse(value, "main"));

    assertTrue(
        e.getMessage().startsWith("paramant.sectors (PARAMANT_SECTORS) must be"), e::getMessage);
  }

  @Test
  void a_list_without_this_relays_sector_says_so() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SectorList.parse("main=http://127.0.0.1:3000", "legal"));

    assertEquals(
        "paramant.sectors (PARAMANT_SECTORS) must be a comma-separated list of name=url, e.g."
            + " main=http://127.0.0.1:3000,iot=http://127.0.0.1:3004: it does not list this"
            + " relay's own sector 'legal'",
        e.getMessage());
  }
}
