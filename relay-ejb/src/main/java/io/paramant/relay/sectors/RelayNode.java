package io.paramant.relay.sectors;

/**
 * A sector relay of this deployment and its state as this relay sees it.
 *
 * @param sector the sector's name
 * @param url its configured base URL; {@code null} for this relay when {@code paramant.sectors} is
 *     not set
 * @param self whether it is this relay
 * @param up whether it answers (this relay always does)
 * @param version its version, or {@code null} when down
 * @param edition its edition, or {@code null} when down
 * @param latencyMs the probe's round trip, or {@code null} when down and for this relay (never
 *     probed)
 */
public record RelayNode(
    String sector,
    String url,
    boolean self,
    boolean up,
    String version,
    String edition,
    Long latencyMs) {}
