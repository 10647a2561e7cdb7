package io.paramant.relay.did;

import io.paramant.relay.RelayException;

/** A registration that would bind a DID, or a device's keys, differently: never done. */
public class DidConflictException extends RelayException {

  private static final long serialVersionUID = 1L;

  private DidConflictException(String code, String detail) {
    super(Kind.CONFLICT, code, detail);
  }

  static DidConflictException alreadyBound() {
    return new DidConflictException(
        "did_conflict",
        "This DID is already bound to another device; a DID is never re-bound, by anyone.");
  }

  static DidConflictException keysDiffer() {
    return new DidConflictException(
        "did_keys_differ",
        "This device_id is registered (POST /v2/pubkey) with other P-256 or ML-DSA-65 keys than the"
            + " ones sent.");
  }
}
