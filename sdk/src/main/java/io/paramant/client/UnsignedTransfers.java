package io.paramant.client;

/**
 * Whether a receive accepts a device-to-device transfer that its sender did not sign. Signed is the
 * rule (the receiver then knows, through the log, which device of its namespace sent the file and
 * that the relay did not splice or replay chunks); an unsigned transfer is accepted only when the
 * user says so for that receive ({@code paramant receive --allow-unsigned}). Password transfers and
 * drops are never signed and are not affected.
 */
public enum UnsignedTransfers {
  /**
   * An unsigned device-to-device transfer is refused ({@link
   * SenderSignatureException.Reason#UNSIGNED}).
   */
  REFUSE,
  /** An unsigned device-to-device transfer is accepted; a signed one is still verified. */
  ACCEPT
}
