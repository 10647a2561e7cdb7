package io.paramant.admin.sectors;

import java.time.Instant;

/**
 * What the console last learnt from a sector.
 *
 * @param sector the sector
 * @param status {@code in_sync} (it has the console's users file in force) or {@code out_of_sync}
 *     (another file, an error, or no answer — see {@code reachable})
 * @param reachable whether the sector answered at all
 * @param usersSha256 SHA-256 of the users file the sector has in force, or {@code null}
 * @param checkedAt when this was learnt, or {@code null} before the first contact
 * @param detail why a sector is out of sync (for the console), or {@code null}
 */
public record SectorState(
    Sector sector,
    String status,
    boolean reachable,
    String usersSha256,
    Instant checkedAt,
    String detail) {

  public static final String IN_SYNC = "in_sync";
  public static final String OUT_OF_SYNC = "out_of_sync";

  public boolean inSync() {
    return IN_SYNC.equals(status);
  }
}
