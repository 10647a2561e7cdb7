package io.paramant.client;

import io.paramant.client.internal.crypto.Digests;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A DID document that {@link GhostPipe#resolveDid(String)} verified (docs/did.md, "Resolution"):
 * the DID recomputed from its two keys is the DID asked for, and its {@code did} leaf is proven in
 * the relay's log under a tree head verified like {@link LogVerifier#verify()} verifies one. The
 * document names neither the device id nor the namespace nor the account. Immutable; keys are
 * copied in and out.
 */
public final class DidDocument {

  private static final HexFormat HEX = HexFormat.of();

  private final String did;
  private final byte[] mlDsa;
  private final byte[] p256;
  private final String sector;
  private final long ctIndex;
  private final Instant insertedAt;
  private final long treeSize;
  private final String logKeyId;

  DidDocument(
      String did,
      byte[] mlDsa,
      byte[] p256,
      String sector,
      long ctIndex,
      Instant insertedAt,
      long treeSize,
      String logKeyId) {
    this.did = Objects.requireNonNull(did, "did");
    this.mlDsa = mlDsa.clone();
    this.p256 = p256.clone();
    this.sector = sector;
    this.ctIndex = ctIndex;
    this.insertedAt = insertedAt;
    this.treeSize = treeSize;
    this.logKeyId = logKeyId;
  }

  /** The DID: {@code did:paramant:} and 32 base32 characters. */
  public String did() {
    return did;
  }

  /** The id of the signing key ({@code authentication}, {@code assertionMethod}): DID + #sig. */
  public String signingKeyId() {
    return did + "#sig";
  }

  /** The id of the key-agreement key: DID + #kex. */
  public String keyAgreementKeyId() {
    return did + "#kex";
  }

  /** The ML-DSA-65 public key, 1952 bytes (a copy). */
  public byte[] mlDsaPublicKey() {
    return mlDsa.clone();
  }

  /** The P-256 public key, 65 bytes SEC1 uncompressed (a copy). */
  public byte[] p256PublicKey() {
    return p256.clone();
  }

  /** Lowercase hex SHA3-256 of the ML-DSA-65 key alone, to compare out of band. */
  public String signingKeyFingerprint() {
    return HEX.formatHex(Digests.sha3_256(mlDsa));
  }

  /** Lowercase hex SHA3-256 of the P-256 key alone, to compare out of band. */
  public String keyAgreementFingerprint() {
    return HEX.formatHex(Digests.sha3_256(p256));
  }

  /** Whether {@code keys} hold this document's ML-DSA-65 and P-256 keys. */
  public boolean matches(PublicKeys keys) {
    return Arrays.equals(p256, keys.ecdh())
        && keys.mlDsa().map(dsa -> Arrays.equals(mlDsa, dsa)).orElse(false);
  }

  /** The sector whose log holds the DID's {@code did} leaf. */
  public String sector() {
    return sector;
  }

  /** The index of the {@code did} leaf in the relay's log. */
  public long ctIndex() {
    return ctIndex;
  }

  /** When the relay logged the DID, as recorded in the leaf. */
  public Instant insertedAt() {
    return insertedAt;
  }

  /** The size of the verified tree the leaf was proven in. */
  public long treeSize() {
    return treeSize;
  }

  /** The id of the log's key that signed that tree's head (lowercase hex). */
  public String logKeyId() {
    return logKeyId;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof DidDocument document
        && did.equals(document.did)
        && Arrays.equals(mlDsa, document.mlDsa)
        && Arrays.equals(p256, document.p256)
        && sector.equals(document.sector)
        && ctIndex == document.ctIndex
        && insertedAt.equals(document.insertedAt)
        && treeSize == document.treeSize
        && logKeyId.equals(document.logKeyId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(did, sector, ctIndex, treeSize);
  }

  @Override
  public String toString() {
    return "DidDocument[" + did + ", sector=" + sector + ", ctIndex=" + ctIndex + "]";
  }
}
