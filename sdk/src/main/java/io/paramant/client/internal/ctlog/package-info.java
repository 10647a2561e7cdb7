/**
 * Verification of a relay's transparency log (PROTOCOL.md, "CT log"), behind {@link
 * io.paramant.client.LogVerifier}.
 *
 * <p>The relay is untrusted: everything it serves is read strictly ({@code RemoteLog}) and checked
 * with the relay's own verifier code from {@code io.paramant.ct} ({@code LogAudit}), never by
 * trusting a hash it computed. Once a relay's key is pinned, only the pinned key verifies its
 * heads; the key served beside a head is used only on first contact. A head is stored ({@code
 * HeadStore}) only after it verified, and every later head must extend it, so the stored head only
 * ever moves forward along one log.
 */
package io.paramant.client.internal.ctlog;
