package io.paramant.client.internal.ctlog;

import io.paramant.ct.sth.SignedTreeHead;
import io.paramant.ct.witness.Cosignature;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A tree head as a relay served it, with the public key, the origin and the witnesses' cosignatures
 * it served beside it: nothing about it is verified yet ({@link LogAudit#acceptHead} checks the
 * head, {@code internal.witness.WitnessQuorum} the cosignatures). The key is copied in and out.
 *
 * @param origin the log's public base URL as served (the string witnesses cosign), or null if the
 *     relay serves none
 * @param cosignatures as served, none verified
 */
public record ServedHead(
    SignedTreeHead head, byte[] publicKey, String origin, List<Cosignature> cosignatures) {

  public ServedHead {
    Objects.requireNonNull(head, "head");
    publicKey = publicKey.clone();
    cosignatures = List.copyOf(cosignatures);
  }

  /** A head served without origin and cosignatures (as the client's state files hold it). */
  public ServedHead(SignedTreeHead head, byte[] publicKey) {
    this(head, publicKey, null, List.of());
  }

  /**
   * Reads a head in the {@code TreeHead} form of {@code GET /v2/ct/sth} (with its origin and
   * cosignatures).
   *
   * @throws StrictJson.ShapeException if a field is missing or malformed
   */
  public static ServedHead fromJson(jakarta.json.JsonObject json) {
    return TreeHeadJson.read(json);
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ServedHead served
        && head.equals(served.head)
        && Arrays.equals(publicKey, served.publicKey)
        && Objects.equals(origin, served.origin)
        && cosignatures.equals(served.cosignatures);
  }

  @Override
  public int hashCode() {
    return Objects.hash(head, Arrays.hashCode(publicKey), origin, cosignatures);
  }

  @Override
  public String toString() {
    return "ServedHead[" + head + ", origin=" + origin + ", " + cosignatures.size() + " cosigs]";
  }
}
