package io.paramant.relay.sectors;

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
    List<Sector> sectors =
        SectorList.parse(
            "main=http://127.0.0.1:3000,health=http://127.0.0.1:3001,finance=http://127.0.0.1:3002,"
                + "legal=http://127.0.0.1:3003,iot=http://127.0.0.1:3004",
            "iot");

    assertEquals(
        List.of(
            new Sector("main", "http://127.0.0.1:3000"),
            new Sector("health", "http://127.0.0.1:3001"),
            new Sector("finance", "http://127.0.0.1:3002"),
            new Sector("legal", "http://127.0.0.1:3003"),
            new Sector("iot", "http://127.0.0.1:3004")),
        sectors);
  }

  @Test
  void white_space_is_ignored_and_https_urls_with_paths_are_kept_as_written() {
    List<Sector> sectors =
        SectorList.parse(" main = https://relay.example/main/ ,\tiot=http://[::1]:3004 ", "main");

    assertEquals(
        List.of(
            new Sector("main", "https://relay.example/main/"),
            new Sector("iot", "http://[::1]:3004")),
        sectors);
    assertEquals("https://relay.example/main/health", sectors.get(0).healthUri().toString());
    assertEquals("http://[::1]:3004/health", sectors.get(1).healthUri().toString());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "main",
        "main=",
        "=http://127.0.0.1:3000",
        "main=http://127.0.0.1:3000,",
        "main=http://127.0.0.1:3000,,iot=http://127.0.0.1:3004",
        "main=http://127.0.0.1:3000;iot=http://127.0.0.1:3004",
        "main=127.0.0.1:3000",
        "main=ftp://127.0.0.1:3000",
        "main=http://",
        "main=http://user:pw@127.0.0.1:3000",
        "main=http://127.0.0.1:3000/?x=1",
        "main=http://127.0.0.1:3000/#top",
        "main=http://127.0.0.1:3000 /x",
        "main=http://127.0.0.1:3000,main=http://127.0.0.1:3001",
        "ma in=http://127.0.0.1:3000",
        "-main=http://127.0.0.1:3000",
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

    assertTrue(
        e.getMessage().endsWith("it does not list this relay's own sector 'legal'"), e::getMessage);
  }
}
