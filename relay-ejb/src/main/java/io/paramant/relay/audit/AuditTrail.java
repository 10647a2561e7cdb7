package io.paramant.relay.audit;

import io.paramant.ct.ejb.TransparencyLog;
import io.paramant.relay.blob.BlobEvent;
import io.paramant.relay.delivery.DeliveryEvent;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The sector's audit chains (PROTOCOL.md, "Notary receipt and audit chain"): per account, a
 * hash-chained history of what happened to its transfers and keys, metadata only, kept durably in
 * {@code <paramant.data>/<sector>/audit/} ({@link AuditFile}) and anchored in the transparency log.
 *
 * <ul>
 *   <li><b>Recorded</b>: {@code inbound}, {@code burn}, {@code expiry} of the account's blobs
 *       (their hash and size), {@code ack}, {@code webhook_delivered|failed|refused} (the blob's
 *       hash), {@code key_registration} (the keys' fingerprint), {@code did_registration} (the
 *       DID), and {@code revocation} of the account (seen when users.json is loaded; a revocation
 *       while the sector was down is not seen). Never a payload, a file name, a key or an address.
 *   <li><b>Durable</b>: an entry is written to its file before the event's observer returns (it
 *       survives a crash of the relay process), and synced to the disk within a second and before
 *       every anchor, so an anchor never names a head that a machine crash could take back.
 *   <li><b>Anchored</b>: every minute, each chain that grew gets an {@code audit} leaf with its
 *       head and seq, under the SHA3-256 of the account's random audit id (32 bytes, made with its
 *       first entry, given to the account with its export), so the public log does not name the
 *       account. The anchor is written to the chain's file as well.
 *   <li><b>Retention</b>: entries older than {@code paramant.audit.retention-days} (default 90) are
 *       dropped, oldest first; the file then starts at a base (the seq and hash of the last entry
 *       dropped), from which the rest of the chain still verifies.
 * </ul>
 *
 * <p>Recording is serialised per account (one lock per chain), never across accounts.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class AuditTrail {

  private static final System.Logger LOG = System.getLogger(AuditTrail.class.getName());
  private static final HexFormat HEX = HexFormat.of();
  private static final SecureRandom RANDOM = new SecureRandom();
  static final String DIRECTORY = "audit";

  @Inject
  @ConfigProperty(name = "paramant.data", defaultValue = "./data")
  String dataDirectory;

  @Inject
  @ConfigProperty(name = "paramant.sector", defaultValue = "main")
  String sector;

  @Inject
  @ConfigProperty(name = "paramant.audit.retention-days", defaultValue = "90")
  int retentionDays;

  @Inject
  @ConfigProperty(name = "paramant.audit.anchor-seconds", defaultValue = "60")
  int anchorSeconds;

  @Inject TransparencyLog log;

  private final Clock clock;
  private Path directory;
  private final Map<String, Chain> chains = new ConcurrentHashMap<>();
  private volatile long lastAnchoredAtMs;

  /** One account's chain as it stands; guarded by itself. */
  static final class Chain {
    final Path file;
    final byte[] auditId;
    final byte[] auditIdHash;
    long seq;
    byte[] head;
    long anchoredSeq;
    boolean unsynced;

    /** The end of the file's last complete line: where the next line is written. */
    long length;

    Chain(Path file, byte[] auditId, long seq, byte[] head, long anchoredSeq) {
      this.file = file;
      this.length = AuditFile.size(file);
      this.auditId = auditId;
      this.auditIdHash = sha3(auditId);
      this.seq = seq;
      this.head = head;
      this.anchoredSeq = anchoredSeq;
    }
  }

  /** What an export starts from: the chain's identity and its head when the export began. */
  public record Snapshot(
      String sector, byte[] auditId, byte[] auditIdHash, long headSeq, byte[] head, Path file) {}

  /** For the container. */
  public AuditTrail() {
    this.clock = Clock.systemUTC();
  }

  /** For tests and benchmarks without a container: no timers, no log (nothing is anchored). */
  AuditTrail(Path dataDirectory, String sector, int retentionDays, Clock clock) {
    this.clock = clock;
    this.dataDirectory = dataDirectory.toString();
    this.sector = sector;
    this.retentionDays = retentionDays;
    this.anchorSeconds = 60;
    start();
  }

  @PostConstruct
  void start() {
    if (retentionDays < 1 || retentionDays > 36_500) {
      throw new IllegalStateException(
          "paramant.audit.retention-days must be 1 to 36500, was " + retentionDays);
    }
    if (anchorSeconds < 1 || anchorSeconds > 60) {
      throw new IllegalStateException(
          "paramant.audit.anchor-seconds must be 1 to 60, was " + anchorSeconds);
    }
    directory = Path.of(dataDirectory).resolve(sector).resolve(DIRECTORY);
    try {
      Files.createDirectories(
          directory,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      try (Stream<Path> files = Files.list(directory)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".chain")).toList()) {
          AuditFile.cutTornTail(file);
          try {
            chains.put(file.getFileName().toString(), load(file));
          } catch (IllegalStateException notAChain) {
            // one damaged file must not stop the sector: its account's new entries are lost (and
            // logged) until an operator restores the file from a backup
            LOG.log(
                Level.ERROR,
                "{0}; its account''s audit entries cannot be recorded",
                notAChain.getMessage());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the audit chains in " + directory, e);
    }
    lastAnchoredAtMs = clock.millis();
    LOG.log(Level.INFO, "Audit chains of sector {0}: {1}", sector, chains.size());
  }

  private static Chain load(Path file) {
    long[] seq = {0};
    long[] anchored = {0};
    long[] damaged = {0};
    byte[][] head = {null};
    AuditFile.Header header =
        AuditFile.read(
            file,
            line -> {
              if (line instanceof AuditFile.Entry entry) {
                seq[0] = entry.entry().seq();
                head[0] = entry.hash();
              } else if (line instanceof AuditFile.Anchor anchor) {
                anchored[0] = anchor.seq();
              } else {
                damaged[0]++;
              }
            });
    if (damaged[0] > 0) {
      LOG.log(
          Level.WARNING,
          "{0} has {1} damaged lines: it was changed outside the relay; exports leave them out and"
              + " a verifier reports where the chain breaks",
          file,
          damaged[0]);
    }
    if (head[0] == null) {
      seq[0] = header.baseSeq();
      head[0] = header.baseHash();
    }
    return new Chain(
        file, header.auditId(), seq[0], head[0], Math.max(anchored[0], header.baseSeq()));
  }

  // ---- recording -------------------------------------------------------------------------------

  public void stored(@Observes BlobEvent.Stored e) {
    record(e.owner().account(), "inbound", e.hash(), (long) e.size(), e.atMs());
  }

  public void burned(@Observes BlobEvent.Burned e) {
    record(e.owner().account(), "burn", e.hash(), (long) e.size(), e.atMs());
  }

  public void expired(@Observes BlobEvent.Expired e) {
    record(e.owner().account(), "expiry", e.hash(), (long) e.size(), e.atMs());
  }

  public void acked(@Observes DeliveryEvent.Acked e) {
    record(e.owner().account(), "ack", e.hash(), null, clock.millis());
  }

  public void webhook(@Observes DeliveryEvent.WebhookFinished e) {
    record(
        e.registrant().account(),
        "webhook_" + e.outcome().wireName(),
        e.hash(),
        null,
        clock.millis());
  }

  public void audited(@Observes Audited e) {
    record(e.account(), e.event(), e.subject(), e.size(), e.atMs());
  }

  /**
   * Appends an entry to the account's chain (creating the chain with its first entry). An entry
   * that cannot be written (a full or failing disk) is logged and lost, and the chain stays whole
   * (its head is not moved): the request that caused the event is not failed for its audit entry.
   */
  public void record(String account, String event, String subject, Long size, long atMs) {
    try {
      append(account, event, subject, size, atMs);
    } catch (RuntimeException e) {
      LOG.log(
          Level.ERROR,
          "Audit entry {0} of account {1} could not be written and is lost: {2}",
          event,
          account,
          e.toString());
    }
  }

  private void append(String account, String event, String subject, Long size, long atMs) {
    Chain chain = chains.computeIfAbsent(fileName(account), this::create);
    synchronized (chain) {
      AuditEntry entry = new AuditEntry(chain.seq + 1, atMs, event, subject, size);
      byte[] hash = entry.hash(chain.head);
      chain.length =
          AuditFile.appendAt(
              chain.file, chain.length, AuditFile.line(new AuditFile.Entry(entry, hash)) + "\n");
      chain.seq = entry.seq();
      chain.head = hash;
      chain.unsynced = true;
    }
  }

  private Chain create(String fileName) {
    byte[] auditId = new byte[32];
    RANDOM.nextBytes(auditId);
    Path file = directory.resolve(fileName);
    AuditFile.create(file, new AuditFile.Header(auditId, 0, AuditEntry.GENESIS));
    AuditFile.force(file);
    return new Chain(file, auditId, 0, AuditEntry.GENESIS, 0);
  }

  // ---- durability, anchors, retention ----------------------------------------------------------

  /**
   * Every second: syncs the chains written to since the last run, and anchors when {@code
   * paramant.audit.anchor-seconds} have passed since the last anchoring. (An automatic timer rather
   * than a programmatic one: on Payara Server a programmatic timer loads the EJB timer service
   * application, which opened a port on every interface.)
   */
  @Schedule(second = "*", minute = "*", hour = "*", persistent = false)
  public void tick() {
    sync();
    long now = clock.millis();
    if (now - lastAnchoredAtMs >= anchorSeconds * 1000L) {
      lastAnchoredAtMs = now;
      anchor();
    }
  }

  /** Syncs the chains written to since the last run. */
  void sync() {
    for (Chain chain : chains.values()) {
      synchronized (chain) {
        if (chain.unsynced) {
          AuditFile.force(chain.file);
          chain.unsynced = false;
        }
      }
    }
  }

  /**
   * Anchors the head of every chain that grew since its last anchor; runs every {@code
   * paramant.audit.anchor-seconds} (default 60, PROTOCOL.md's "at least every minute").
   */
  public void anchor() {
    for (Chain chain : chains.values()) {
      synchronized (chain) {
        if (chain.seq > chain.anchoredSeq) {
          AuditFile.force(chain.file);
          chain.unsynced = false;
          long ctIndex = log.appendAudit(chain.head, chain.seq, chain.auditIdHash);
          long insertedAt = log.entry(ctIndex).insertedAtMillis();
          chain.length =
              AuditFile.appendAt(
                  chain.file,
                  chain.length,
                  AuditFile.line(new AuditFile.Anchor(chain.seq, chain.head, ctIndex, insertedAt))
                      + "\n");
          AuditFile.force(chain.file);
          chain.anchoredSeq = chain.seq;
        }
      }
    }
  }

  /** Drops entries older than the retention, oldest first. */
  @Schedule(minute = "17", hour = "*", persistent = false)
  public void retain() {
    long cutoff = clock.millis() - Duration.ofDays(retentionDays).toMillis();
    for (Chain chain : chains.values()) {
      synchronized (chain) {
        prune(chain, cutoff);
        chain.length = AuditFile.size(chain.file);
      }
    }
  }

  /**
   * Drops the chain's entries older than {@code cutoffMs}, oldest first, up to the last anchored
   * seq among them, so that the new base (the seq and hash the kept chain starts from) is itself an
   * anchored head the log proves; that anchor is kept. Two streaming passes (no chain is ever held
   * in memory): the first finds the base, the second copies the rest after a new header.
   */
  private static void prune(Chain chain, long cutoffMs) {
    long[] droppable = {-1};
    boolean[] keptSeen = {false};
    AuditFile.Anchor[] base = {null};
    // an anchor is written after its entries, possibly after later entries: read the whole file
    AuditFile.read(
        chain.file,
        line -> {
          if (line instanceof AuditFile.Entry entry) {
            if (entry.entry().atMs() >= cutoffMs) {
              keptSeen[0] = true;
            } else if (!keptSeen[0]) {
              droppable[0] = entry.entry().seq();
            }
          } else if (line instanceof AuditFile.Anchor anchor
              && anchor.seq() <= droppable[0]
              && (base[0] == null || anchor.seq() > base[0].seq())) {
            base[0] = anchor;
          }
        });
    if (base[0] == null) {
      return;
    }
    long newBase = base[0].seq();
    byte[] baseHash = base[0].head();
    AuditFile.rewrite(
        chain.file,
        line ->
            line instanceof AuditFile.Entry entry
                ? entry.entry().seq() > newBase
                : !(line instanceof AuditFile.Anchor anchor) || anchor.seq() >= newBase,
        auditId -> new AuditFile.Header(auditId, newBase, baseHash));
  }

  // ---- export ----------------------------------------------------------------------------------

  /**
   * The account's chain as it stands now; an account without one gets its (empty) chain, so that it
   * learns its audit id before its first entry.
   */
  public Snapshot snapshot(String account) {
    Chain chain = chains.computeIfAbsent(fileName(account), this::create);
    synchronized (chain) {
      return (new Snapshot(
          sector,
          chain.auditId.clone(),
          chain.auditIdHash.clone(),
          chain.seq,
          chain.head.clone(),
          chain.file));
    }
  }

  private static String fileName(String account) {
    try {
      return HEX.formatHex(
              MessageDigest.getInstance("SHA-256").digest(account.getBytes(StandardCharsets.UTF_8)))
          + ".chain";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
    }
  }

  static byte[] sha3(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA3-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA3-256 is mandatory in every JDK 9+", e);
    }
  }

  /** Chains in this sector. */
  public int size() {
    return chains.size();
  }

  List<String> files() {
    return List.copyOf(chains.keySet());
  }
}
