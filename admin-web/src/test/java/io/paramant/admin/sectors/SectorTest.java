package io.paramant.admin.sectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.paramant.accounts.SectorList;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SectorTest {

  @Test
  void parsesTheLaunchersList() {
    assertEquals(
        List.of(
            new Sector("main", URI.create("http://127.0.0.1:3000")),
            new Sector("iot", URI.create("http://127.0.0.1:3004"))),
        Sector.parseList(" main=http://127.0.0.1:3000/ , iot=http://127.0.0.1:3004"));
    assertEquals(List.of(), Sector.parseList(""));
    assertEquals(List.of(), Sector.parseList("  "));
  }

  /**
   * A list a relay accepts ({@link SectorList#parse(String, String)}, as relay-ejb's Sectors reads
   * it) is the console's list, sector for sector.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "main=http://127.0.0.1:3000,iot=http://127.0.0.1:3004",
        "main=https://relay.example/main/,iot-2=http://[::1]:3004",
        "0main=http://127.0.0.1:3000"
      })
  void aListARelayAcceptsIsTheConsolesList(String value) {
    String self = value.substring(0, value.indexOf('='));
    List<SectorList.Entry> relays = SectorList.parse(value, self);

    List<Sector> console = Sector.parseList(value);

    assertEquals(
        relays.stream().map(SectorList.Entry::name).toList(),
        console.stream().map(Sector::name).toList());
    for (int i = 0; i < relays.size(); i++) {
      assertEquals(relays.get(i).url().replaceFirst("/$", ""), console.get(i).uri().toString());
    }
  }

  /** And a list the relays refuse (they would not deploy with it), the console refuses too. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "main",
        "main=ftp://x",
        "main=http://x?a=b",
        "a=http://x,a=http://y",
        "main=http://127.0.0.1:3000,",
        "main=http://user:pw@127.0.0.1:3000",
        "main=http://127.0.0.1:3000/#top",
        "Main=http://127.0.0.1:3000",
        "main.eu=http://127.0.0.1:3000"
      })
  void aListTheRelaysRefuseTheConsoleRefuses(String value) {
    assertThrows(IllegalArgumentException.class, () -> SectorList.parse(value, "main"));
    assertThrows(IllegalArgumentException.class, () -> Sector.parseList(value));
  }

  @Test
  void readsTheMetricsTheDashboardShows() {
    String metrics =
        "# TYPE paramant_blobs_in_flight gauge\n"
            + "paramant_blobs_in_flight{mp_scope=\"application\"} 3.0\n"
            + "paramant_blob_capacity{mp_scope=\"application\"} 64\n";
    assertEquals(3, SectorOverview.sample(metrics, "paramant_blobs_in_flight"));
    assertEquals(64, SectorOverview.sample(metrics, "paramant_blob_capacity"));
    assertEquals(-1, SectorOverview.sample(metrics, "paramant_ct_log_size"));
    assertEquals(-1, SectorOverview.sample(null, "paramant_ct_log_size"));
  }
}
