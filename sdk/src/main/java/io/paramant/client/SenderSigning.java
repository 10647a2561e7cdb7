package io.paramant.client;

/**
 * Whether a device-to-device send is signed by the sending device (PROTOCOL.md, "Sender
 * signature"). Signed is the default: the receiver learns, through its namespace's log, which
 * device sent the file, and refuses chunks a relay spliced or replayed. An unsigned send is for a
 * sender that is not (yet) a registered device of the recipient's namespace; its receiver must
 * accept unsigned transfers explicitly ({@link UnsignedTransfers#ACCEPT}, {@code paramant receive
 * --allow-unsigned}).
 */
public enum SenderSigning {
  /** Every chunk carries this device's ML-DSA-65 signature. */
  SIGNED,
  /** No chunk is signed. */
  UNSIGNED
}
