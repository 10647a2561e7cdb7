package io.paramant.relay.notary;

import io.paramant.ct.entry.LogEntry;

/**
 * A logged notary signature.
 *
 * @param leaf the {@code notary} leaf as the log holds it
 * @param ctIndex its index
 * @param namespace the signer's namespace
 * @param deviceId the signer's device id
 * @param fingerprint the signer's keys' fingerprint (hex)
 * @param binding the signer's binding (hex)
 */
public record Notarised(
    LogEntry leaf,
    long ctIndex,
    String namespace,
    String deviceId,
    String fingerprint,
    String binding) {}
