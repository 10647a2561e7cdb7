package io.paramant.relay.blob;

import io.paramant.relay.RateLimitedException;

/**
 * The account already holds as many blob slots (stored blobs and drops plus uploads in progress) on
 * this sector as its plan allows; a slot comes free when one of them is downloaded, picked up or
 * expires.
 */
public class QuotaExceededException extends RateLimitedException {

  private static final long serialVersionUID = 1L;

  QuotaExceededException(int retryAfterSeconds, int quota) {
    super(
        "quota_exceeded",
        retryAfterSeconds,
        "This account holds "
            + quota
            + " blobs or uploads on this relay, the most its plan allows; retry when one is"
            + " downloaded or expires.");
  }
}
