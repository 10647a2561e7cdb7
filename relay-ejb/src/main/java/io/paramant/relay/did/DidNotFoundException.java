package io.paramant.relay.did;

import io.paramant.relay.RelayException;

/** No DID of that name is registered in this sector. */
public class DidNotFoundException extends RelayException {

  private static final long serialVersionUID = 1L;

  DidNotFoundException() {
    super(Kind.NOT_FOUND, "did_not_found", "No such DID is registered in this sector.");
  }
}
