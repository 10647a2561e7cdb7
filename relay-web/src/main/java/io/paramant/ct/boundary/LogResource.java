package io.paramant.ct.boundary;

import io.paramant.ct.LeafPage;
import io.paramant.ct.LogRangeException;
import io.paramant.ct.ProvenLeaf;
import io.paramant.ct.SectorLog;
import io.paramant.ct.ejb.TransparencyLog;
import io.paramant.ct.entry.EntryType;
import io.paramant.ct.entry.LeafDetail;
import io.paramant.ct.entry.LogEntry;
import io.paramant.ct.merkle.ConsistencyProof;
import io.paramant.ct.merkle.InclusionProof;
import io.paramant.ct.sth.SignedTreeHead;
import io.paramant.ct.witness.Cosignature;
import io.paramant.relay.blob.BlobHash;
import io.paramant.web.platform.ApiError;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.HexFormat;
import java.util.List;

/**
 * The sector's public transparency log: signed tree heads, leaves with inclusion proofs,
 * consistency proofs. No key is needed; leaves hold hashes only. All byte strings are lowercase
 * hex.
 */
@Path("v2/ct")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class LogResource {

  /**
   * A signed tree head, the key that verifies it, the log's {@code origin} and the witnesses'
   * {@code cosignatures} of its size and root (PROTOCOL.md "Witness cosignatures"). Made by {@link
   * TreeHeads#served}, which fills in the origin and cosignatures.
   */
  public record TreeHead(
      String origin,
      long treeSize,
      String rootHash,
      long timestamp,
      String signature,
      String algorithm,
      String keyId,
      String publicKey,
      List<CosignatureJson> cosignatures) {

    /** The wire form of a signed tree head of the log {@code origin} with its cosignatures. */
    public static TreeHead of(
        SignedTreeHead sth, byte[] publicKey, String origin, List<Cosignature> cosignatures) {
      return new TreeHead(
          origin,
          sth.treeSize(),
          HEX.formatHex(sth.rootHash()),
          sth.timestampMillis(),
          HEX.formatHex(sth.signature()),
          SignedTreeHead.ALGORITHM,
          sth.keyId(),
          HEX.formatHex(publicKey),
          cosignatures.stream().map(CosignatureJson::of).toList());
    }
  }

  /** A witness's cosignature of a tree head ({@code cosigned_at} in ms, signature in hex). */
  public record CosignatureJson(
      String witnessKeyId, String witnessUrl, long cosignedAt, String signature) {

    static CosignatureJson of(Cosignature cosignature) {
      return new CosignatureJson(
          cosignature.witnessKeyId(),
          cosignature.witnessUrl(),
          cosignature.cosignedAtMillis(),
          HEX.formatHex(cosignature.signature()));
    }
  }

  /**
   * A witness this log submits its heads to, as configured; {@code public_key} once fetched from
   * the witness (and checked against the configured key id), {@code cosigned_size} and {@code
   * cosigned_at} of its newest cosignature (0 before the first). Informational: clients pin witness
   * keys from the witnesses themselves.
   */
  public record WitnessJson(
      String url,
      String witnessKeyId,
      String publicKey,
      String algorithm,
      long cosignedSize,
      long cosignedAt) {}

  /** The witnesses this log submits to. */
  public record Witnesses(String origin, List<WitnessJson> witnesses) {}

  /**
   * One leaf: its canonical bytes ({@code leaf_bytes}, what a client decodes and hashes itself) and
   * the same content as fields. {@code blob_hash} is set for transfer and ack leaves; {@code
   * binding} for pubkey leaves; {@code signer_binding}, {@code signer_fingerprint}, {@code
   * signed_at} for notary leaves; {@code seq}, {@code audit_id_hash} for audit leaves. Absent
   * fields are left out.
   */
  public record Leaf(
      long index,
      String leafHash,
      String leafBytes,
      String type,
      String subject,
      String blobHash,
      String sector,
      long insertedAt,
      String binding,
      String signerBinding,
      String signerFingerprint,
      Long signedAt,
      Long seq,
      String auditIdHash,
      List<String> inclusionProof) {}

  /**
   * Leaves with inclusion proofs against the tree of {@code tree_size} leaves: the tree of {@code
   * sth} unless the client asked for an older size.
   */
  public record Leaves(long treeSize, TreeHead sth, List<Leaf> leaves) {}

  /** An inclusion proof of one leaf in the tree of {@code tree_size} leaves. */
  public record Inclusion(long leafIndex, long treeSize, List<String> proof) {}

  /** A consistency proof between two tree sizes. */
  public record Consistency(long first, long second, List<String> proof) {}

  private static final HexFormat HEX = HexFormat.of();

  @Inject TransparencyLog log;
  @Inject TreeHeads treeHeads;
  @Inject WitnessSubmitter submitter;

  @GET
  @Path("sth")
  public TreeHead sth() {
    return treeHead(log.sth());
  }

  @GET
  @Path("witnesses")
  public Witnesses witnesses() {
    return new Witnesses(log.origin(), submitter.witnesses());
  }

  /**
   * The leaves {@code [from, to)}, proven against the tree of {@code tree_size} leaves (default:
   * the latest signed head's size). A monitor that verified a head reads that head's whole tree
   * with its size, however much the log grows while it pages. With {@code proofs=false} the leaves
   * come without their inclusion proofs: a reader of consecutive leaves rebuilds the root from the
   * leaf hashes and has no use for them, and they are two thirds of a page's bytes.
   */
  @GET
  @Path("leaves")
  public Leaves leaves(
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("tree_size") String treeSize,
      @QueryParam("proofs") String proofs) {
    long first = number("from", from);
    long last = number("to", to);
    boolean withProofs = proofs == null || proofs.equals("true");
    if (!withProofs && !proofs.equals("false")) {
      throw new LogRangeException("proofs must be true or false.");
    }
    LeafPage page =
        treeSize == null
            ? log.leaves(first, last)
            : log.leaves(first, last, number("tree_size", treeSize));
    if (first >= page.treeSize()) {
      throw new LogRangeException("from must be below the tree size " + page.treeSize() + ".");
    }
    return new Leaves(
        page.treeSize(),
        treeHead(page.treeHead()),
        page.leaves().stream().map(leaf -> leaf(leaf, withProofs)).toList());
  }

  /**
   * An inclusion proof by leaf {@code index} or by the {@code hash} of a transferred blob, for the
   * tree of {@code tree_size} leaves (default: the current signed size).
   */
  @GET
  @Path("proof/inclusion")
  public Inclusion inclusion(
      @QueryParam("index") String index,
      @QueryParam("hash") String hash,
      @QueryParam("tree_size") String treeSize) {
    if ((index == null) == (hash == null)) {
      throw new LogRangeException("Give exactly one of index and hash.");
    }
    long leaf =
        index != null
            ? number("index", index)
            : log.find(EntryType.TRANSFER, BlobHash.parse(hash))
                .orElseThrow(
                    () ->
                        new NotFoundException(
                            ApiError.response(
                                404, "not_found", "No transfer leaf with that blob hash.")));
    long size = treeSize != null ? number("tree_size", treeSize) : log.sth().treeSize();
    InclusionProof proof = log.inclusionProof(leaf, size);
    return new Inclusion(proof.leafIndex(), proof.treeSize(), hex(proof.path()));
  }

  @GET
  @Path("proof/consistency")
  public Consistency consistency(
      @QueryParam("first") String first, @QueryParam("second") String second) {
    ConsistencyProof proof = log.consistencyProof(number("first", first), number("second", second));
    return new Consistency(proof.firstSize(), proof.secondSize(), hex(proof.path()));
  }

  private TreeHead treeHead(SignedTreeHead sth) {
    return treeHeads.served(sth);
  }

  private static Leaf leaf(ProvenLeaf proven, boolean withProof) {
    LogEntry entry = proven.entry();
    boolean blob = entry.type() == EntryType.TRANSFER || entry.type() == EntryType.ACK;
    LeafDetail.Pubkey pubkey = entry.detail() instanceof LeafDetail.Pubkey p ? p : null;
    LeafDetail.Notary notary = entry.detail() instanceof LeafDetail.Notary n ? n : null;
    LeafDetail.Audit audit = entry.detail() instanceof LeafDetail.Audit a ? a : null;
    byte[] bytes = entry.encode();
    return new Leaf(
        proven.index(),
        HEX.formatHex(SectorLog.HASHER.hashLeaf(bytes)),
        HEX.formatHex(bytes),
        entry.type().wireName(),
        entry.subject(),
        blob ? entry.subject() : null,
        entry.sector(),
        entry.insertedAtMillis(),
        pubkey != null ? pubkey.binding() : null,
        notary != null ? notary.signerBinding() : null,
        notary != null ? notary.signerFingerprint() : null,
        notary != null ? notary.signedAtMillis() : null,
        audit != null ? audit.seq() : null,
        audit != null ? audit.auditIdHash() : null,
        withProof ? hex(proven.proof().path()) : null);
  }

  private static List<String> hex(List<byte[]> hashes) {
    return hashes.stream().map(HEX::formatHex).toList();
  }

  /** Query numbers are parsed here so that a bad one is a clear 400, not JAX-RS's 404. */
  private static long number(String name, String value) {
    if (value == null) {
      throw new LogRangeException(name + " is required.");
    }
    try {
      long n = Long.parseLong(value);
      if (n < 0) {
        throw new LogRangeException(name + " must not be negative.");
      }
      return n;
    } catch (NumberFormatException e) {
      throw new LogRangeException(name + " must be a whole number.");
    }
  }
}
