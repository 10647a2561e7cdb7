package io.paramant.client;

/**
 * How a {@link GhostPipe} authenticates the requests in which its device acts: uploads, downloads,
 * availability checks, delivery confirmations, the push ticket. The other routes, where an account
 * acts (key lookups and registrations, drops), always carry the API key.
 */
public enum DeviceAuth {
  /** The account's API key, in {@code X-Api-Key} (the default). */
  API_KEY,
  /**
   * The device's DID (docs/did.md, "DID-authenticated requests"): every request is signed by the
   * device's ML-DSA-65 key, over its method, target, body hash, headers, a fresh timestamp and a
   * single-use nonce, and the relay's log key id; no API key is sent with it. The DID must be
   * registered first ({@link GhostPipe#registerDid()}). The request then acts for the account that
   * registered the DID, as that account is now (a revoked account is refused). A stolen request
   * cannot be replayed, to this relay or to another sector, and the API key need not be on the
   * device for these routes.
   */
  DID
}
