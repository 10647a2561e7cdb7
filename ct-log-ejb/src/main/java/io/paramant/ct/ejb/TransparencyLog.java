package io.paramant.ct.ejb;

import io.paramant.ct.LeafPage;
import io.paramant.ct.LogRangeException;
import io.paramant.ct.SectorLog;
import io.paramant.ct.entry.EntryType;
import io.paramant.ct.entry.LogEntry;
import io.paramant.ct.merkle.ConsistencyProof;
import io.paramant.ct.merkle.InclusionProof;
import io.paramant.ct.sth.RelayIdentity;
import io.paramant.ct.sth.SignedTreeHead;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The transparency log of this relay's sector, as the relay uses it. Every call goes to a {@link
 * SectorLog}; see there for the semantics.
 *
 * <p>An EJB singleton rather than an application-scoped CDI bean: {@code @Startup} opens the log
 * while the application deploys, so a damaged journal or identity key fails the deployment rather
 * than the first request, and replaying a large journal does not delay a request either. The
 * container lock is off ({@code BEAN} concurrency) because the default write lock would serialise
 * every call, and appends must run concurrently for group commit to batch them; {@link SectorLog}
 * is thread-safe. No transaction: the log is not a transactional resource, and an appended leaf
 * stays appended whatever the caller's transaction does.
 *
 * <p>The only class of the log that needs the container, so it lives apart from the plain {@code
 * ct-log} library (in a package of its own, so that no package is split across the two jars). A
 * {@link LogRangeException} leaves it as an {@link ApplicationLogRangeException}, which the
 * container passes through unwrapped.
 *
 * <p>Configuration: {@code paramant.data} (default {@code ./data}) and {@code paramant.sector}
 * (default {@code main}); the log lives in {@code <paramant.data>/<paramant.sector>/}, where it
 * also writes its public key as {@code identity.pub} (hex) for the witnesses of the same operator;
 * {@code paramant.ct.origin}: see {@link #origin()}.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class TransparencyLog {

  @Inject
  @ConfigProperty(name = "paramant.data", defaultValue = "./data")
  String dataDirectory;

  @Inject
  @ConfigProperty(name = "paramant.sector", defaultValue = "main")
  String sector;

  @Inject
  @ConfigProperty(name = "paramant.ct.origin")
  Optional<String> configuredOrigin = Optional.empty();

  @Inject
  @ConfigProperty(name = "paramant.sectors")
  Optional<String> sectors = Optional.empty();

  private SectorLog log;
  private String origin;
  private Map<String, Path> siblings;

  @PostConstruct
  void open() {
    origin = LogIdentityFiles.origin(configuredOrigin, sectors, sector);
    siblings = LogIdentityFiles.siblings(sectors, sector, Path.of(dataDirectory));
    log = SectorLog.open(Path.of(dataDirectory), sector, InstantSource.system());
    LogIdentityFiles.publishPublicKey(
        Path.of(dataDirectory).resolve(sector).resolve(LogIdentityFiles.PUBLIC_KEY_FILE),
        log.publicKey());
  }

  /**
   * The log's origin: its public base URL without a trailing slash, the string witnesses cosign and
   * every served tree head names ({@code paramant.ct.origin}; default: this sector's URL in {@code
   * paramant.sectors}, else {@code http://127.0.0.1:8080}).
   */
  public String origin() {
    return origin;
  }

  /**
   * The other sectors of this deployment: origin → the file where each writes its public key (it
   * may not exist yet). By default they witness each other ({@link LogWitness}, {@code
   * paramant.witness.siblings}).
   */
  public Map<String, Path> siblings() {
    return Collections.unmodifiableMap(siblings);
  }

  /** See {@link SectorLog#identity}. */
  public RelayIdentity identity() {
    return log.identity();
  }

  /** See {@link SectorLog#isFirstStart}. */
  public boolean isFirstStart() {
    return log.isFirstStart();
  }

  /** The directory of this sector's log and keys. */
  public Path directory() {
    return Path.of(dataDirectory).resolve(sector);
  }

  @PreDestroy
  void close() {
    log.close();
  }

  /** See {@link SectorLog#appendTransfer}. */
  public long appendTransfer(byte[] blobSha256) {
    return log.appendTransfer(blobSha256);
  }

  /** See {@link SectorLog#appendPubkey}. */
  public long appendPubkey(byte[] keyFingerprint, byte[] binding) {
    return log.appendPubkey(keyFingerprint, binding);
  }

  /** See {@link SectorLog#appendNotary}. */
  public long appendNotary(
      byte[] documentSha256, byte[] signerBinding, byte[] signerFingerprint, long signedAtMillis) {
    return log.appendNotary(documentSha256, signerBinding, signerFingerprint, signedAtMillis);
  }

  /** See {@link SectorLog#appendAudit}. */
  public long appendAudit(byte[] chainHead, long seq, byte[] auditIdHash) {
    return log.appendAudit(chainHead, seq, auditIdHash);
  }

  /** See {@link SectorLog#appendDid}. */
  public long appendDid(String did) {
    return log.appendDid(did);
  }

  /** See {@link SectorLog#appendAck}. */
  public long appendAck(byte[] blobSha256) {
    return log.appendAck(blobSha256);
  }

  /** See {@link SectorLog#sth}. */
  public SignedTreeHead sth() {
    return log.sth();
  }

  /** See {@link SectorLog#size}. */
  public long size() {
    return log.size();
  }

  /** See {@link SectorLog#publicKey}. */
  public byte[] publicKey() {
    return log.publicKey();
  }

  /** See {@link SectorLog#leaves}. */
  public LeafPage leaves(long from, long to) {
    return inRange(() -> log.leaves(from, to));
  }

  /** See {@link SectorLog#entry}. */
  public LogEntry entry(long index) {
    return inRange(() -> log.entry(index));
  }

  /** See {@link SectorLog#leaves(long, long, long)}. */
  public LeafPage leaves(long from, long to, long treeSize) {
    return inRange(() -> log.leaves(from, to, treeSize));
  }

  /** See {@link SectorLog#inclusionProof}. */
  public InclusionProof inclusionProof(long index, long treeSize) {
    return inRange(() -> log.inclusionProof(index, treeSize));
  }

  /** See {@link SectorLog#consistencyProof}. */
  public ConsistencyProof consistencyProof(long firstSize, long secondSize) {
    return inRange(() -> log.consistencyProof(firstSize, secondSize));
  }

  /** See {@link SectorLog#find}. */
  public OptionalLong find(EntryType type, String subject) {
    return log.find(type, subject);
  }

  private static <T> T inRange(Supplier<T> call) {
    try {
      return call.get();
    } catch (LogRangeException e) {
      throw new ApplicationLogRangeException(e);
    }
  }
}
