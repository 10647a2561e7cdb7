package io.paramant.admin.console;

import io.paramant.accounts.User;
import io.paramant.admin.edition.EditionService;
import io.paramant.admin.sectors.SectorOverview;
import io.paramant.admin.sectors.SectorState;
import io.paramant.admin.sectors.SectorSync;
import io.paramant.admin.users.UsersStore;
import io.paramant.licence.Edition;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.Map;

/**
 * index.xhtml: every sector's health, load and users-file sync state, the edition, and "Sync now".
 */
@Named
@RequestScoped
@AdminOnly
public class DashboardBacking {

  /**
   * One row of the sector table. index.xhtml calls its methods ({@code #{row.name()}}): Expression
   * Language 6 (Payara 7) reads only a record's components as properties, and EL 5 (Payara 6) only
   * {@code getX()} methods, so a method call is what both read (docs/operations.md, "Payara and
   * Java versions").
   */
  public record Row(SectorState state, SectorOverview overview) {
    public String name() {
      return state.sector().name();
    }

    public String url() {
      return state.sector().uri().toString();
    }

    public String sync() {
      return state.status().replace('_', ' ') + (state.reachable() ? "" : " (no answer)");
    }

    public String syncDetail() {
      return state.detail() == null ? "" : state.detail();
    }

    public String health() {
      return overview.up() ? "up" : "down";
    }

    public String version() {
      return overview.version() == null ? "–" : overview.version();
    }

    public String blobs() {
      return overview.blobsInFlight() < 0
          ? "–"
          : overview.blobsInFlight() + " / " + overview.capacity();
    }

    public String logSize() {
      return overview.logSize() < 0 ? "–" : Long.toString(overview.logSize());
    }
  }

  @Inject SectorSync sync;
  @Inject UsersStore users;
  @Inject EditionService edition;
  @Inject FacesContext faces;

  private List<Row> rows;

  public List<Row> getRows() {
    if (rows == null) {
      Map<String, SectorOverview> overview = sync.overview();
      rows = sync.states().stream().map(s -> new Row(s, overview.get(s.sector().name()))).toList();
    }
    return rows;
  }

  public void syncNow() {
    long synced = sync.syncAll().stream().filter(SectorState::inSync).count();
    rows = null;
    Messages.info(
        faces, "Synced: " + synced + " of " + sync.sectors().size() + " sectors are in sync.");
  }

  public String getEdition() {
    Edition current = edition.current();
    return current
        .licence()
        .map(
            l ->
                "Licensed to "
                    + l.issuedTo()
                    + " until "
                    + l.expires()
                    + " ("
                    + l.maxUsers()
                    + " active users)")
        .orElse("Community Edition (up to " + current.maxActiveUsers() + " active users)");
  }

  public long getActiveUsers() {
    return users.list().stream().filter(User::active).count();
  }
}
