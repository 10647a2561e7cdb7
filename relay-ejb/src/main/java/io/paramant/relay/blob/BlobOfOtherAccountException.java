package io.paramant.relay.blob;

import io.paramant.relay.RelayException;

/** The blob exists but belongs to another account. */
public class BlobOfOtherAccountException extends RelayException {

  private static final long serialVersionUID = 1L;

  public BlobOfOtherAccountException() {
    super(Kind.FORBIDDEN, "forbidden", "This blob belongs to another account.");
  }
}
