package io.paramant.admin.sectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class SectorTest {

  @Test
  void parsesTheLaunchersList() {
    assertEquals(
        List.of(
            new Sector("main", URI.create("http://127.0.0.1:3000")),
            new Sector("iot", URI.create("http://127.0.0.1:3004"))),
        Sector.parseList(" main=http://127.0.0.1:3000/ , iot=http://127.0.0.1:3004,"));
    assertEquals(List.of(), Sector.parseList(""));
  }

  @Test
  void refusesWhatItCannotUse() {
    for (String bad :
        List.of(
            "main",
            "Main=http://x",
            "main=ftp://x",
            "main=http://x?a=b",
            "a=http://x,a=http://y")) {
      assertThrows(IllegalArgumentException.class, () -> Sector.parseList(bad), bad);
    }
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
