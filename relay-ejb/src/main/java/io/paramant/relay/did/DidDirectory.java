package io.paramant.relay.did;

import io.paramant.accounts.DeviceNamespace;
import io.paramant.ct.ejb.ApplicationLogRangeException;
import io.paramant.ct.ejb.TransparencyLog;
import io.paramant.ct.entry.EntryType;
import io.paramant.ct.entry.LogEntry;
import io.paramant.ct.journal.Journal;
import io.paramant.ct.sth.SignedTreeHead;
import io.paramant.relay.DeviceIdParameter;
import io.paramant.relay.accounts.Account;
import io.paramant.relay.audit.Audited;
import io.paramant.relay.keys.KeyDirectory;
import io.paramant.relay.keys.PublicKeySet;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The sector's DIDs (docs/did.md): which device, namespace and account each {@code did:paramant} is
 * bound to, and the {@code did} leaf that logged it.
 *
 * <h2>Invariants</h2>
 *
 * <ul>
 *   <li>A DID is bound once and forever: the same registration again (same keys, device id and
 *       namespace) is answered with the first one and no new leaf; anything else is {@code 409
 *       did_conflict}, whoever asks. The DID is the hash of its two keys, so a DID names its keys;
 *       what may never change is the device, namespace and account it stands for.
 *   <li>A DID is bound only to keys that the key directory holds for that device in the caller's
 *       namespace ({@link KeyDirectory#keysOf}): a DID stands on a {@code pubkey} leaf that binds
 *       its keys to a namespace and device id, which the device's owner monitors.
 *   <li>Possession of the ML-DSA key is proved by the caller ({@code DidAuthentication#register}
 *       checks the request's signature with the key of the body) before this directory is asked.
 *   <li>Durable as the key directory is: the {@code did} leaf is appended first, then the record in
 *       {@code <paramant.data>/<sector>/dids.journal} (owner-only, the transparency log's framing);
 *       on start every record is checked against its leaf.
 * </ul>
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DidDirectory {

  static final String FILE_NAME = "dids.journal";

  private static final System.Logger LOG = System.getLogger(DidDirectory.class.getName());

  @Inject
  @ConfigProperty(name = "paramant.data", defaultValue = "./data")
  String dataDirectory;

  @Inject
  @ConfigProperty(name = "paramant.sector", defaultValue = "main")
  String sector;

  @Inject TransparencyLog log;
  @Inject KeyDirectory keys;
  @Inject Event<Audited> audited;

  private final Map<String, BoundDid> byDid = new ConcurrentHashMap<>();
  private final Map<String, LogEntry> leaves = new ConcurrentHashMap<>();
  private final ReentrantLock registering = new ReentrantLock();
  private Journal journal;

  @PostConstruct
  void start() {
    Path file = Path.of(dataDirectory).resolve(sector).resolve(FILE_NAME);
    journal = Journal.openOwnerOnly(file, record -> admit(DidRecord.decode(record)));
    try {
      byDid.values().forEach(bound -> leaves.put(bound.did(), requireLogged(bound)));
    } catch (RuntimeException e) {
      journal.close();
      throw e;
    }
    LOG.log(Level.INFO, "DID directory of sector {0}: {1} DIDs", sector, byDid.size());
  }

  @PreDestroy
  void close() {
    journal.close();
  }

  /**
   * Binds the DID of {@code mlDsa65} and {@code p256} to the caller's device {@code deviceId}, or
   * confirms the identical earlier binding. The caller has proved possession of {@code mlDsa65}.
   *
   * @return the binding; for a repeated identical registration the earlier one
   * @throws io.paramant.relay.InvalidInputException {@code invalid_device_id}
   * @throws io.paramant.relay.keys.DeviceNotFoundException no such device in the caller's namespace
   * @throws DidConflictException {@code did_keys_differ} when the device has other keys, {@code
   *     did_conflict} when the DID is bound otherwise
   */
  public BoundDid register(Account account, String deviceId, byte[] mlDsa65, byte[] p256) {
    String device = DeviceIdParameter.required(deviceId);
    String namespace = DeviceNamespace.of(account.label(), account.team());
    String did = Did.of(mlDsa65, p256);
    BoundDid known = byDid.get(did);
    if (known != null) {
      return same(known, namespace, device, mlDsa65, p256);
    }
    PublicKeySet registered = keys.keysOf(account, device);
    if (!Arrays.equals(registered.mlDsa().orElse(null), mlDsa65)
        || !Arrays.equals(registered.ecdh().orElse(null), p256)) {
      throw DidConflictException.keysDiffer();
    }
    registering.lock();
    try {
      known = byDid.get(did);
      if (known != null) {
        return same(known, namespace, device, mlDsa65, p256);
      }
      // Log first: a crash between the two appends leaves a leaf without a binding (the client got
      // no answer and registers again), never a binding without its leaf.
      long ctIndex = log.appendDid(did);
      BoundDid bound =
          new BoundDid(
              did, namespace, account.label(), device, mlDsa65.clone(), p256.clone(), ctIndex);
      LogEntry leaf = requireLogged(bound);
      leaves.put(did, leaf);
      journal.append(DidRecord.encode(bound));
      audited.fire(
          new Audited(account.label(), "did_registration", did, null, leaf.insertedAtMillis()));
      return bound;
    } finally {
      registering.unlock();
    }
  }

  /** The binding of {@code did}, if it is registered here. */
  public Optional<BoundDid> find(String did) {
    return Optional.ofNullable(byDid.get(did));
  }

  /**
   * A DID with the proof of its {@code did} leaf against the current signed tree head.
   *
   * @throws io.paramant.relay.InvalidInputException {@code invalid_did}
   * @throws DidNotFoundException when it is not registered here
   */
  public PublishedDid publish(String did) {
    BoundDid bound = byDid.get(Did.parse(did));
    if (bound == null) {
      throw new DidNotFoundException();
    }
    // the leaf was appended before the DID became visible, so this head covers it
    SignedTreeHead head = log.sth();
    return new PublishedDid(
        bound, leaves.get(bound.did()), log.inclusionProof(bound.ctIndex(), head.treeSize()), head);
  }

  /** DIDs registered in this sector. */
  public int size() {
    return byDid.size();
  }

  private void admit(BoundDid bound) {
    if (byDid.putIfAbsent(bound.did(), bound) != null) {
      throw new IllegalStateException("DID " + bound.did() + " is registered twice");
    }
  }

  private LogEntry requireLogged(BoundDid bound) {
    LogEntry entry;
    try {
      entry = log.entry(bound.ctIndex());
    } catch (ApplicationLogRangeException beyondTheLog) {
      entry = null;
    }
    if (entry == null || entry.type() != EntryType.DID || !entry.subject().equals(bound.did())) {
      throw new IllegalStateException(
          "the transparency log has no did leaf of "
              + bound.did()
              + " at index "
              + bound.ctIndex()
              + ": the DID directory and the log do not belong together");
    }
    return entry;
  }

  private static BoundDid same(
      BoundDid known, String namespace, String deviceId, byte[] mlDsa65, byte[] p256) {
    if (!known.sameAs(namespace, deviceId, mlDsa65, p256)) {
      throw DidConflictException.alreadyBound();
    }
    return known;
  }
}
