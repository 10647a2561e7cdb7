package io.paramant.client.internal.envelope;

import java.util.function.Function;

/**
 * One blob's fresh key material on the sealing side: the header's key fields, and the step from the
 * finished header to the session key (suite 2 hashes the header; suites 1 and 3 have their key
 * before the header exists).
 */
record Keying(byte[] keyFields, Function<BlobHeader, SessionKey> sessionKey) {}
