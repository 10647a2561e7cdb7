package io.paramant.relay.did;

import io.paramant.relay.RelayException;

/**
 * A DID-authenticated request that is refused (docs/did.md, "Refusals"). The code says which check
 * failed; the detail never repeats a signature or a nonce.
 */
public class DidAuthenticationException extends RelayException {

  private static final long serialVersionUID = 1L;

  DidAuthenticationException(String code, String detail) {
    super(Kind.UNAUTHENTICATED, code, detail);
  }

  static DidAuthenticationException incomplete(String missing) {
    return new DidAuthenticationException(
        "did_auth_incomplete", "A DID-authenticated request needs the " + missing + " header.");
  }

  static DidAuthenticationException malformed(String detail) {
    return new DidAuthenticationException("did_auth_malformed", detail);
  }

  /** A DID header sent twice, or holding a line break. */
  public static DidAuthenticationException malformedHeader(String detail) {
    return malformed(detail);
  }

  static DidAuthenticationException unknown() {
    return new DidAuthenticationException(
        "did_unknown", "The DID in X-DID is not registered in this sector.");
  }

  static DidAuthenticationException outOfWindow() {
    return new DidAuthenticationException(
        "did_timestamp_out_of_window",
        "X-DID-Timestamp is more than 300 s from the relay's clock, or older than the relay's"
            + " start; sign the request again.");
  }

  static DidAuthenticationException badSignature() {
    return new DidAuthenticationException(
        "did_signature_invalid",
        "X-DID-Signature does not verify over the request's lines with the DID's ML-DSA-65 key.");
  }

  static DidAuthenticationException nonceReused() {
    return new DidAuthenticationException(
        "did_nonce_reused", "This X-DID-Nonce was already used by this DID; sign with a new one.");
  }

  static DidAuthenticationException accountRevoked() {
    return new DidAuthenticationException(
        "did_account_revoked", "The account that registered this DID is revoked.");
  }

  static DidAuthenticationException mismatchedDid() {
    return new DidAuthenticationException(
        "did_mismatch", "X-DID is not the DID of the keys in the body.");
  }

  /** A registration signed for another namespace than the caller's. */
  public static DidAuthenticationException namespaceMismatch() {
    return new DidAuthenticationException(
        "did_namespace_mismatch",
        "X-Paramant-Namespace is not the namespace of the account whose key registers the DID.");
  }

  /** The body that was read is not the one whose hash was signed. */
  public static DidAuthenticationException bodyMismatch() {
    return new DidAuthenticationException(
        "did_body_mismatch", "The request body's SHA-256 is not X-DID-Body-SHA256.");
  }
}
