package io.paramant.client.internal.ctlog;

import io.paramant.client.PublicKeys;
import io.paramant.client.TransferException;
import io.paramant.ct.sth.SignedTreeHead;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The keys of the account's devices, used only once the relay's log vouches for them: the served
 * tree head is verified (pinned key, consistent history), the fingerprint recomputed from the
 * served keys, and the inclusion proof of the device's {@code pubkey} leaf must lead to that head's
 * root ({@link LogAudit#checkRegistration}). Verified keys are remembered (a device id is bound to
 * its keys for good). Thread-safe.
 */
public final class VerifiedDevices {

  private final Function<String, byte[]> served;
  private final Function<ServedHead, SignedTreeHead> verifyHead;
  private final String sector;
  private final Map<String, PublicKeys> verified = new ConcurrentHashMap<>();

  /**
   * @param served the relay's answer of {@code GET /v2/pubkey/{device}}
   * @param verifyHead verifies a served head against the pinned key and the stored history
   * @param sector the sector the devices must be logged in, or null for any
   */
  public VerifiedDevices(
      Function<String, byte[]> served,
      Function<ServedHead, SignedTreeHead> verifyHead,
      String sector) {
    this.served = served;
    this.verifyHead = verifyHead;
    this.sector = sector;
  }

  /**
   * The device's keys, checked against the log.
   *
   * @throws TransferException {@code WRONG_SECTOR}, {@code NOT_HYBRID}
   * @throws io.paramant.client.LogVerificationException if the keys or the log do not check out
   */
  public PublicKeys keys(String device) {
    PublicKeys known = verified.get(device);
    if (known != null) {
      return known;
    }
    ServedDevice logged = ServedDevice.read(device, served.apply(device));
    SignedTreeHead head = verifyHead.apply(logged.sth());
    LogAudit.checkRegistration(head, logged);
    if (sector != null && !sector.equals(logged.sector())) {
      throw new TransferException(
          TransferException.Reason.WRONG_SECTOR,
          "device " + device + " is logged in sector " + logged.sector() + ", not " + sector);
    }
    if (!logged.hybrid()) {
      throw new TransferException(TransferException.Reason.NOT_HYBRID, "device " + device);
    }
    PublicKeys keys =
        logged.mlDsa() == null
            ? PublicKeys.of(logged.mlKem(), logged.ecdh())
            : PublicKeys.of(logged.mlKem(), logged.ecdh(), logged.mlDsa());
    verified.put(device, keys);
    return keys;
  }

  /** Forgets what was verified for {@code device} (it registered again). */
  public void forget(String device) {
    verified.remove(device);
  }
}
