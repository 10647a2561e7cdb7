package io.paramant.client.internal.monitor;

import io.paramant.client.KeySubstitution;
import io.paramant.ct.merkle.CompactRange;
import java.util.List;
import java.util.Objects;

/**
 * What a device's monitor keeps per log: how far it has proven the log (the frontier of the tree of
 * {@code range.size()} leaves) and what it found.
 *
 * @param logKeyId the log's key id, lowercase hex
 * @param range the frontier of the tree proven so far
 * @param substitutions every finding so far
 */
record MonitorState(
    String logKeyId,
    String namespace,
    String deviceId,
    CompactRange range,
    List<KeySubstitution> substitutions) {

  MonitorState {
    Objects.requireNonNull(logKeyId, "logKeyId");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(range, "range");
    substitutions = List.copyOf(substitutions);
  }
}
