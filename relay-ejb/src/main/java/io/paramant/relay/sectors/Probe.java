package io.paramant.relay.sectors;

/**
 * What a peer's {@code GET /health} said.
 *
 * @param up whether it answered 200 with {@code "ok":true} and the expected sector
 * @param version its version, or {@code null}
 * @param edition its edition, or {@code null}
 * @param latencyMs milliseconds from sending the request to the whole answer, or {@code null} when
 *     down
 */
record Probe(boolean up, String version, String edition, Long latencyMs) {

  static final Probe DOWN = new Probe(false, null, null, null);
}
