package io.paramant.systemtests;

import io.paramant.client.PublicKeys;
import io.paramant.ct.LeafPage;
import io.paramant.ct.ProvenLeaf;
import io.paramant.ct.SectorLog;
import io.paramant.ct.entry.DeviceBinding;
import io.paramant.ct.entry.EntryType;
import io.paramant.ct.entry.LeafDetail;
import io.paramant.ct.entry.LogEntry;
import io.paramant.ct.merkle.ConsistencyProof;
import io.paramant.ct.merkle.InclusionProof;
import io.paramant.ct.sth.SignedTreeHead;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;

/**
 * A fork of a real sector's log, as its operator (or whoever took its identity key) can make one: a
 * second {@link SectorLog} in a directory of the test's, opened on a copy of the sector's journal
 * and its identity key (so the fork shares the real log's history up to the copy and every head of
 * it is genuinely signed with the relay's key), to which the adversary appends leaves the real log
 * never got. Both logs are internally consistent; a client shown only one of them cannot tell which
 * is the fork — only the witnesses, which cosign one history per log, can.
 *
 * <p>The JSON answers it makes have the real relay's shape: each is a genuine answer of the real
 * relay with the log's parts (heads, proofs, leaves) replaced by the fork's, so that fields this
 * class does not know (the head's {@code origin}, its {@code cosignatures}) are carried over as the
 * real relay served them. Carried-over cosignatures are genuine signatures over another root: a
 * pinned witness's signature does not verify for a fork.
 */
final class ForkedLog implements AutoCloseable {

  private static final HexFormat HEX = HexFormat.of();

  private final String sector;
  private final SectorLog log;

  private ForkedLog(String sector, SectorLog log) {
    this.sector = sector;
    this.log = log;
  }

  /**
   * Forks the log of {@code sector} at its current size: its journal and identity key are copied
   * into {@code directory}. The relay's data directory is read only (see {@link
   * Deployment#sectorDataDir}: a malicious operator has it).
   */
  static ForkedLog of(String sector, Path directory) {
    Path real = Deployment.sectorDataDir(sector);
    Path copy = directory.resolve(sector);
    try {
      Files.createDirectories(
          copy, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Files.copy(real.resolve("identity.key"), copy.resolve("identity.key"));
      Files.setPosixFilePermissions(
          copy.resolve("identity.key"), PosixFilePermissions.fromString("rw-------"));
      // a copy taken while the relay appends may end in a torn record; opening cuts it
      Files.copy(real.resolve("ct.journal"), copy.resolve("ct.journal"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ForkedLog(sector, SectorLog.open(directory, sector, InstantSource.system()));
  }

  /**
   * Appends, in the fork only, a {@code pubkey} leaf that binds {@code substitute} to {@code
   * (namespace, deviceId)}: the leaf a relay needs to serve a victim's id with its own keys.
   *
   * @return the leaf's index
   */
  long appendSubstitute(String namespace, String deviceId, PublicKeys substitute) {
    return log.appendPubkey(
        DeviceBinding.fingerprint(substitute.mlKem(), substitute.ecdh(), mlDsa(substitute)),
        DeviceBinding.of(namespace, deviceId));
  }

  /** The fork's current size. */
  long size() {
    return log.sth().treeSize();
  }

  /** The fork's newest head as the real relay serves heads ({@code template}: a real one). */
  JsonObject head(JsonObject template) {
    return head(log.sth(), template);
  }

  /**
   * The real answer to {@code GET /v2/pubkey/{deviceId}} turned into the fork's: the keys, the
   * fingerprint and the proof of leaf {@code index}, which binds {@code substitute}.
   */
  JsonObject pubkeyAnswer(JsonObject real, long index, PublicKeys substitute) {
    LeafPage page = log.leaves(index, index + 1);
    ProvenLeaf leaf = page.leaves().get(0);
    JsonObjectBuilder answer =
        Json.createObjectBuilder(real)
            .add("kyber_pub", HEX.formatHex(substitute.mlKem()))
            .add("ecdh_pub", HEX.formatHex(substitute.ecdh()))
            .add("fingerprint", leaf.entry().subject())
            .add("ct_index", index)
            .add("leaf_hash", HEX.formatHex(leaf.leafHash()))
            .add("inserted_at", leaf.entry().insertedAtMillis())
            .add("tree_size", page.treeHead().treeSize())
            .add("inclusion_proof", hexArray(leaf.proof().path()))
            .add("sth", head(page.treeHead(), real.getJsonObject("sth")));
    if (real.containsKey("registered_at")) {
      answer.add("registered_at", leaf.entry().insertedAtMillis());
    }
    byte[] mlDsa = mlDsa(substitute);
    if (mlDsa != null) {
      answer.add("dsa_pub", HEX.formatHex(mlDsa));
    } else {
      answer.remove("dsa_pub");
    }
    return answer.build();
  }

  /** {@code GET /v2/ct/proof/consistency} of the fork. */
  JsonObject consistency(long first, long second) {
    ConsistencyProof proof = log.consistencyProof(first, second);
    return Json.createObjectBuilder()
        .add("first", proof.firstSize())
        .add("second", proof.secondSize())
        .add("proof", hexArray(proof.path()))
        .build();
  }

  /** {@code GET /v2/ct/proof/inclusion?index=&tree_size=} of the fork. */
  JsonObject inclusion(long index, long treeSize) {
    InclusionProof proof = log.inclusionProof(index, treeSize);
    return Json.createObjectBuilder()
        .add("leaf_index", proof.leafIndex())
        .add("tree_size", proof.treeSize())
        .add("proof", hexArray(proof.path()))
        .build();
  }

  /**
   * {@code GET /v2/ct/leaves?from=&to=} of the fork, every leaf in the shape the real relay gives
   * its leaves ({@code leaf_bytes}, {@code type}, the version-2 detail fields, the proof).
   */
  JsonObject leaves(long from, long to, JsonObject headTemplate) {
    LeafPage page = log.leaves(from, to);
    JsonArrayBuilder leaves = Json.createArrayBuilder();
    for (ProvenLeaf leaf : page.leaves()) {
      leaves.add(leaf(leaf));
    }
    return Json.createObjectBuilder()
        .add("tree_size", page.treeHead().treeSize())
        .add("sth", head(page.treeHead(), headTemplate))
        .add("leaves", leaves)
        .build();
  }

  @Override
  public void close() {
    log.close();
  }

  private JsonObject leaf(ProvenLeaf proven) {
    LogEntry entry = proven.entry();
    JsonObjectBuilder leaf =
        Json.createObjectBuilder()
            .add("index", proven.index())
            .add("leaf_hash", HEX.formatHex(proven.leafHash()))
            .add("leaf_bytes", HEX.formatHex(entry.encode()))
            .add("type", entry.type().wireName())
            .add("subject", entry.subject())
            .add("sector", entry.sector())
            .add("inserted_at", entry.insertedAtMillis())
            .add("inclusion_proof", hexArray(proven.proof().path()));
    if (entry.type() == EntryType.TRANSFER || entry.type() == EntryType.ACK) {
      leaf.add("blob_hash", entry.subject());
    }
    LeafDetail detail = entry.detail();
    if (detail instanceof LeafDetail.Pubkey pubkey) {
      leaf.add("binding", pubkey.binding());
    } else if (detail instanceof LeafDetail.Notary notary) {
      leaf.add("signer_binding", notary.signerBinding())
          .add("signer_fingerprint", notary.signerFingerprint())
          .add("signed_at", notary.signedAtMillis());
    } else if (detail instanceof LeafDetail.Audit audit) {
      leaf.add("seq", audit.seq()).add("audit_id_hash", audit.auditIdHash());
    }
    return leaf.build();
  }

  /** {@code head} in the JSON of {@code template} (a real head: its other fields are kept). */
  private static JsonObject head(SignedTreeHead head, JsonObject template) {
    return Json.createObjectBuilder(template)
        .add("tree_size", head.treeSize())
        .add("root_hash", HEX.formatHex(head.rootHash()))
        .add("timestamp", head.timestampMillis())
        .add("signature", HEX.formatHex(head.signature()))
        .add("key_id", head.keyId())
        .build();
  }

  private static JsonArrayBuilder hexArray(List<byte[]> hashes) {
    JsonArrayBuilder array = Json.createArrayBuilder();
    hashes.forEach(hash -> array.add(HEX.formatHex(hash)));
    return array;
  }

  private static byte[] mlDsa(PublicKeys keys) {
    return keys.mlDsa().orElse(null);
  }

  @Override
  public String toString() {
    return "ForkedLog[" + sector + "]";
  }
}
