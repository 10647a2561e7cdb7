package io.paramant.client.internal.ctlog;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.paramant.client.LogVerificationException;
import io.paramant.ct.SectorLog;
import io.paramant.ct.entry.EntryType;
import io.paramant.ct.entry.LogEntry;
import io.paramant.ct.merkle.ConsistencyProof;
import io.paramant.ct.sth.SignedTreeHead;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * What a hostile relay can hand the client's log checks, against heads and proofs of a real log:
 * edited or made-up tree heads, keys and consistency proofs for {@link LogAudit#acceptHead}, and
 * edited leaves and inclusion paths for {@link LogAudit#checkInclusion}. Only {@link
 * LogVerificationException} may come out. Inputs are {@link FuzzedDataProvider} bytes; seeds and
 * findings: src/test/resources/io/paramant/client/internal/ctlog/LogAuditFuzzTestInputs/.
 */
class LogAuditFuzzTest {

  private static final RelayAddress RELAY = RelayAddress.of(URI.create("http://127.0.0.1:1/"));
  private static final SectorLog LOG;
  private static final SignedTreeHead OLD;
  private static final SignedTreeHead NEW;
  private static final byte[] KEY;
  private static final byte[] LAST_HASH;

  static {
    try {
      Path directory = Files.createTempDirectory("log-audit-fuzz");
      directory.toFile().deleteOnExit();
      LOG = RelayLogs.open(directory);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    RelayLogs.appendTransfers(LOG, 5);
    OLD = LOG.sth();
    LAST_HASH = RelayLogs.appendTransfers(LOG, 6);
    NEW = LOG.sth();
    KEY = LOG.publicKey();
  }

  @FuzzTest
  void acceptHead(FuzzedDataProvider data) {
    Optional<PinnedHead> stored =
        data.consumeBoolean() ? Optional.of(new PinnedHead(RELAY, KEY, OLD)) : Optional.empty();
    SignedTreeHead served = data.consumeBoolean() ? NEW : edited(data, NEW);
    byte[] servedKey = data.consumeBoolean() ? KEY : bytes(data, KEY);
    String expected = data.consumeBoolean() ? null : data.consumeString(70);
    List<byte[]> proof = path(data, LOG.consistencyProof(OLD.treeSize(), NEW.treeSize()).path());
    try {
      LogAudit.acceptHead(
          RELAY,
          stored,
          new ServedHead(served, servedKey),
          expected,
          (first, second) -> new ConsistencyProof(first, second, proof));
    } catch (LogVerificationException refused) {
      // the check said no, with a reason
    }
  }

  @FuzzTest
  void checkInclusion(FuzzedDataProvider data) {
    long index = data.consumeBoolean() ? NEW.treeSize() - 1 : data.consumeLong();
    String blobHash = HexFormat.of().formatHex(LAST_HASH);
    List<byte[]> path = path(data, LOG.inclusionProof(NEW.treeSize() - 1, NEW.treeSize()).path());
    LogEntry entry =
        switch (data.consumeInt(0, 2)) {
          case 0 ->
              new LogEntry(
                  EntryType.TRANSFER, blobHash, RelayLogs.SECTOR, data.consumeLong(0, 1L << 50));
          case 1 -> new LogEntry(EntryType.ACK, blobHash, RelayLogs.SECTOR, 1);
          default ->
              LogEntry.ofHash(
                  EntryType.TRANSFER,
                  Arrays.copyOf(data.consumeBytes(32), 32),
                  RelayLogs.SECTOR,
                  1);
        };
    ServedLeaf leaf =
        new ServedLeaf(
            data.consumeBoolean() ? index : data.consumeLong(),
            entry,
            data.consumeBoolean() ? blobHash : data.consumeString(64));
    SignedTreeHead head = data.consumeBoolean() ? NEW : edited(data, NEW);
    try {
      LogAudit.checkInclusion(head, blobHash, index, path, leaf);
    } catch (LogVerificationException refused) {
      // the check said no, with a reason
    }
  }

  private static SignedTreeHead edited(FuzzedDataProvider data, SignedTreeHead head) {
    return new SignedTreeHead(
        data.consumeBoolean() ? head.treeSize() : data.consumeLong(),
        data.consumeBoolean() ? head.timestampMillis() : data.consumeLong(),
        data.consumeBoolean() ? head.rootHash() : bytes(data, head.rootHash()),
        data.consumeBoolean() ? head.signature() : bytes(data, head.signature()),
        data.consumeBoolean() ? head.keyId() : data.consumeString(70));
  }

  /** {@code original} with a range overwritten, or other bytes of about its length. */
  private static byte[] bytes(FuzzedDataProvider data, byte[] original) {
    if (data.consumeBoolean()) {
      byte[] copy = original.clone();
      int at = data.consumeInt(0, copy.length - 1);
      byte[] patch = data.consumeBytes(data.consumeInt(1, 8));
      System.arraycopy(patch, 0, copy, at, Math.min(patch.length, copy.length - at));
      return copy;
    }
    return data.consumeBytes(data.consumeInt(0, original.length + 8));
  }

  /** The honest path, edited (hashes added, replaced, removed) or not. */
  private static List<byte[]> path(FuzzedDataProvider data, List<byte[]> honest) {
    List<byte[]> path = new ArrayList<>(data.consumeBoolean() ? honest : List.of());
    int edits = data.consumeInt(0, 3);
    for (int i = 0; i < edits; i++) {
      int at = data.consumeInt(0, path.size());
      byte[] hash = data.consumeBytes(data.consumeInt(0, 40));
      if (data.consumeBoolean() || at == path.size()) {
        path.add(at, hash);
      } else {
        path.remove(at);
      }
    }
    return path;
  }
}
