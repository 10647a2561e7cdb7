/**
 * Implementation of the client. Nothing below {@code io.paramant.client.internal} is API: types
 * here are public only so that the SDK and CLI in this module can reach them, and they change
 * without notice.
 *
 * <p>Only the composition of primitives is ours; every primitive comes from Bouncy Castle
 * (ML-KEM-768, ML-DSA-65, P-256, HKDF, Argon2id) or the JDK (AES-GCM, AES-CTR, SHA-256, SHA3-256).
 * Bouncy Castle is used through its lightweight API, never registered as a JCA provider, so nothing
 * here changes the JVM's providers.
 */
package io.paramant.client.internal;
