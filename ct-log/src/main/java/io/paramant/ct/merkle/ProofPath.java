package io.paramant.ct.merkle;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/** The hashes of a proof, immutable: copied when it is made and when it is handed out. */
final class ProofPath {

  private final byte[][] hashes;

  ProofPath(List<byte[]> hashes) {
    this.hashes =
        hashes.stream().map(hash -> Objects.requireNonNull(hash).clone()).toArray(byte[][]::new);
  }

  int length() {
    return hashes.length;
  }

  /** The hashes themselves, for the verifiers in this package, which only read them. */
  List<byte[]> view() {
    return List.of(hashes);
  }

  /** Copies of the hashes, for everyone else. */
  List<byte[]> copy() {
    return Arrays.stream(hashes).map(byte[]::clone).toList();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ProofPath path && Arrays.deepEquals(hashes, path.hashes);
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(hashes);
  }

  @Override
  public String toString() {
    HexFormat hex = HexFormat.of();
    return Arrays.stream(hashes).map(hex::formatHex).toList().toString();
  }
}
