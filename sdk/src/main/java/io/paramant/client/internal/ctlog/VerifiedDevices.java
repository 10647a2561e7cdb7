package io.paramant.client.internal.ctlog;

import io.paramant.client.PublicKeys;
import io.paramant.client.TransferException;
import io.paramant.client.internal.pins.HomeLogPin;
import io.paramant.client.internal.pins.NamespacePin;
import io.paramant.ct.sth.SignedTreeHead;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The keys of the account's devices, used only once the relay's log vouches for them (PROTOCOL.md,
 * "What a client pins and checks"): the served tree head is verified (pinned key, consistent
 * history, witness quorum when witnesses are configured), the namespace the relay serves must be
 * the one in force (configured or pinned: {@link NamespacePin}), the binding must be that of this
 * namespace and the device id asked for, the fingerprint is recomputed from the served keys, the
 * inclusion proof of the device's {@code pubkey} leaf must lead to that head's root ({@link
 * LogAudit#checkRegistration}), and the leaf must be in the namespace's home log ({@link
 * HomeLogPin}). Only then are a namespace learned from the relay and the home log pinned (first
 * use). Verified keys are remembered (a device id is bound to its keys for good). Thread-safe.
 */
public final class VerifiedDevices {

  private final RelayAddress relay;
  private final Function<String, byte[]> served;
  private final Function<ServedHead, SignedTreeHead> verifyHead;
  private final String sector;
  private final NamespacePin namespace;
  private final HomeLogPin homeLogs;
  private final Supplier<Optional<String>> accountNamespace;
  private final Map<String, PublicKeys> verified = new ConcurrentHashMap<>();

  /**
   * @param served the relay's answer of {@code GET /v2/pubkey/{device}}
   * @param verifyHead verifies a served head against the pinned key, the stored history and the
   *     witness quorum
   * @param sector the sector the devices must be logged in, or null for any
   * @param accountNamespace the relay's answer of {@code GET /v2/check-key}'s {@code namespace},
   *     asked only when no namespace is configured or pinned; when it names none, the namespace the
   *     first looked-up device is served in is pinned
   */
  public VerifiedDevices(
      RelayAddress relay,
      Function<String, byte[]> served,
      Function<ServedHead, SignedTreeHead> verifyHead,
      String sector,
      NamespacePin namespace,
      HomeLogPin homeLogs,
      Supplier<Optional<String>> accountNamespace) {
    this.relay = relay;
    this.served = served;
    this.verifyHead = verifyHead;
    this.sector = sector;
    this.namespace = namespace;
    this.homeLogs = homeLogs;
    this.accountNamespace = accountNamespace;
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
    String ns = namespace.namespace(() -> accountNamespace.get().orElse(logged.namespace()));
    SignedTreeHead head = verifyHead.apply(logged.sth());
    LogAudit.checkRegistration(head, logged, ns);
    homeLogs.require(ns, relay, head.keyId(), logged.sector());
    if (sector != null && !sector.equals(logged.sector())) {
      throw new TransferException(
          TransferException.Reason.WRONG_SECTOR,
          "device " + device + " is logged in sector " + logged.sector() + ", not " + sector);
    }
    if (!logged.hybrid()) {
      throw new TransferException(TransferException.Reason.NOT_HYBRID, "device " + device);
    }
    namespace.pin(ns);
    homeLogs.pin(ns, relay, head.keyId(), logged.sector());
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
