package io.paramant.client;

import java.net.URI;
import java.util.List;

/**
 * The outcome of one scan of a relay's log by this device's owner ({@link
 * GhostPipe#monitorKeys()}): which leaves were read, up to which verified tree size, and what was
 * found. A scan that returns normally found nothing; a scan with findings ends in a {@link
 * KeySubstitutionException} that carries this report, so a caller cannot take it for a clean one.
 *
 * @param relay the relay's base URL
 * @param logKeyId the key id of the log that was scanned
 * @param namespace the namespace the device's binding was computed with
 * @param deviceId this device's id
 * @param fingerprint this device's own key fingerprint, the one every leaf for it must name
 * @param fromIndex the first index this scan read (0 on the first scan, else where the last
 *     stopped)
 * @param treeSize the size of the verified tree head the scan rebuilt: every index below it has now
 *     been read
 * @param substitutions every finding of this and earlier scans of this log (a finding is never
 *     forgotten); empty for a scan that returned normally
 */
public record KeyScan(
    URI relay,
    String logKeyId,
    String namespace,
    String deviceId,
    String fingerprint,
    long fromIndex,
    long treeSize,
    List<KeySubstitution> substitutions) {

  public KeyScan {
    substitutions = List.copyOf(substitutions);
  }

  /** How many leaves this scan read and checked. */
  public long leavesChecked() {
    return treeSize - fromIndex;
  }
}
