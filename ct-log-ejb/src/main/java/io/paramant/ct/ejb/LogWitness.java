package io.paramant.ct.ejb;

import io.paramant.ct.sth.SignedTreeHead;
import io.paramant.ct.witness.Cosignature;
import io.paramant.ct.witness.Witness;
import io.paramant.ct.witness.WitnessRefusedException;
import io.paramant.ct.witness.WitnessState;
import io.paramant.ct.witness.WitnessedLog;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * This relay as a witness ({@link Witness}) of the logs its operator configured in {@code
 * paramant.witness.logs}: a comma-separated list of {@code <origin> <key>} entries, the key in hex
 * or the path of a file holding it (see {@link ConfiguredKey}; the launcher names the sibling
 * sectors' {@code identity.pub} files). Unless {@code paramant.witness.siblings} is false, the
 * other sectors of the deployment ({@link TransparencyLog#siblings()}) are watched too, with their
 * key files. The witness signs with the relay's identity key and keeps its state in {@code
 * <data>/<sector>/witness.state} ({@link WitnessState}: re-seed with {@code witness.state.reseed}).
 *
 * <p>A singleton that opens its state while the application deploys; a misconfigured list fails the
 * deployment. No container lock: {@link Witness} serialises per log itself.
 */
@Singleton
@Startup
@DependsOn("TransparencyLog")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class LogWitness {

  private static final System.Logger LOG = System.getLogger(LogWitness.class.getName());

  /** The state file's name in the sector's directory. */
  public static final String STATE_FILE = WitnessState.FILE_NAME;

  @Inject TransparencyLog log;

  @Inject
  @ConfigProperty(name = "paramant.witness.logs")
  Optional<String> configuredLogs; // a comma list (Payara's config producer has no Optional<List>)

  @Inject
  @ConfigProperty(name = "paramant.witness.siblings", defaultValue = "true")
  boolean siblings;

  private Witness witness;
  private final Map<String, ConfiguredKey> pending = new ConcurrentHashMap<>();

  @PostConstruct
  void open() {
    List<WitnessedLog> ready = new ArrayList<>();
    Map<String, ConfiguredKey> keys = new LinkedHashMap<>();
    if (siblings) {
      log.siblings()
          .forEach((origin, file) -> keys.put(origin, ConfiguredKey.parse(file.toString())));
    }
    for (String entry : configuredLogs.orElse("").split(",")) {
      String[] fields = entry.strip().split("\\s+");
      if (fields.length == 1 && fields[0].isEmpty()) {
        continue;
      }
      if (fields.length != 2 || !Cosignature.isValidOrigin(fields[0])) {
        throw new IllegalStateException(
            "paramant.witness.logs (PARAMANT_WITNESS_LOGS) takes comma-separated '<origin> <public"
                + " key hex or key file>' entries; not: "
                + entry);
      }
      ConfiguredKey key = ConfiguredKey.parse(fields[1]);
      if (key.isKeyId()) {
        throw new IllegalStateException(
            "paramant.witness.logs (PARAMANT_WITNESS_LOGS): a witnessed log needs its whole public"
                + " key (hex or key file), not its key id: "
                + entry);
      }
      keys.put(fields[0], key); // an explicit entry replaces a sibling's
    }
    keys.remove(log.origin()); // a relay does not witness its own log
    keys.forEach(
        (origin, key) ->
            readable(origin, key)
                .ifPresentOrElse(
                    k -> ready.add(new WitnessedLog(origin, k)), () -> pending.put(origin, key)));
    WitnessState state = WitnessState.open(log.directory().resolve(STATE_FILE), log.isFirstStart());
    witness = new Witness(log.identity(), log.origin(), ready, state, InstantSource.system());
    LOG.log(
        Level.INFO,
        "Witness {0} (key id {1}) watches {2} log(s){3}",
        log.origin(),
        witness.keyId(),
        ready.size() + pending.size(),
        pending.isEmpty() ? "" : "; key files not there yet: " + pending.keySet());
  }

  /** See {@link Witness#cosign}; a log whose key file appeared since the start is added first. */
  public Cosignature cosign(
      String origin, SignedTreeHead head, long fromSize, List<byte[]> consistencyProof) {
    if (!witness.watches(origin)) {
      ConfiguredKey key = pending.get(origin);
      Optional<byte[]> publicKey = key == null ? Optional.empty() : readable(origin, key);
      if (publicKey.isPresent()) {
        witness.watch(new WitnessedLog(origin, publicKey.get()));
        pending.remove(origin);
      }
    }
    try {
      return witness.cosign(origin, head, fromSize, consistencyProof);
    } catch (WitnessRefusedException e) {
      throw new ApplicationWitnessRefusedException(e);
    }
  }

  /** The key of a watched log, if its file is there and holds a key (else logged). */
  private static Optional<byte[]> readable(String origin, ConfiguredKey key) {
    try {
      return key.publicKey();
    } catch (IllegalStateException | UncheckedIOException e) {
      LOG.log(Level.WARNING, "Witnessed log {0}: {1}", origin, e.getMessage());
      return Optional.empty();
    }
  }

  /** This witness's key id (the relay's identity key id). */
  public String keyId() {
    return witness.keyId();
  }

  /** This witness's public key. */
  public byte[] publicKey() {
    return witness.publicKey();
  }

  /** This witness's URL: the relay's origin. */
  public String url() {
    return witness.url();
  }
}
