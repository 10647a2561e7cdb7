package io.paramant.client.internal.transfer;

import io.paramant.client.TransferException;

/** Where a transfer looks, between chunks, whether its thread was interrupted. */
final class Interruption {

  private Interruption() {}

  /**
   * @throws TransferException {@code INTERRUPTED} if the thread was interrupted (the flag is kept)
   */
  static void check() {
    if (Thread.currentThread().isInterrupted()) {
      throw new TransferException(TransferException.Reason.INTERRUPTED);
    }
  }
}
