package io.paramant.client.internal.ctlog;

import static io.paramant.client.LogVerificationException.Reason.MALFORMED_RESPONSE;

import io.paramant.client.LogVerificationException;
import io.paramant.client.PublicKeys;
import io.paramant.ct.entry.DeviceBinding;
import jakarta.json.JsonObject;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A device's keys and the evidence for them as {@code GET /v2/pubkey/{device_id}} serves them (the
 * {@code PublishedDevice} schema of the OpenAPI document), read strictly and nothing verified yet:
 * {@link LogAudit#checkRegistration} checks the fingerprint and the inclusion proof, {@link
 * LogAudit#acceptServedHead} the tree head.
 *
 * @param ecdh the P-256 key, or null for a device registered with ML-KEM only
 * @param mlDsa the ML-DSA-65 key, or null
 * @param namespace the namespace the relay says the device id lives in (not yet checked)
 * @param servedBinding the {@code binding} field as served (not yet checked)
 * @param servedFingerprint the {@code fingerprint} field as served (not yet checked)
 * @param sector the sector named in the {@code pubkey} leaf
 * @param treeSize the size of the tree the inclusion proof is made for
 */
public record ServedDevice(
    String deviceId,
    String namespace,
    String servedBinding,
    byte[] mlKem,
    byte[] ecdh,
    byte[] mlDsa,
    String servedFingerprint,
    boolean hybrid,
    long ctIndex,
    long insertedAtMillis,
    String sector,
    long treeSize,
    List<byte[]> inclusionProof,
    ServedHead sth) {

  private static final int HASH_LENGTH = 32;
  private static final int P256_LENGTH = 65;
  private static final HexFormat HEX = HexFormat.of();

  public ServedDevice {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(mlKem, "mlKem");
    inclusionProof = List.copyOf(inclusionProof);
  }

  /**
   * Reads the answer to a lookup of {@code deviceId}.
   *
   * @throws LogVerificationException {@code MALFORMED_RESPONSE} if the answer breaks the documented
   *     shape, names another device, or contradicts itself ({@code hybrid} without a P-256 key)
   */
  public static ServedDevice read(String deviceId, byte[] answer) {
    String what = "GET /v2/pubkey/" + deviceId;
    try {
      JsonObject json = StrictJson.parse(answer);
      if (!deviceId.equals(StrictJson.string(json, "device_id"))) {
        throw new StrictJson.ShapeException("device_id is not the device asked for");
      }
      byte[] ecdh = StrictJson.optionalHex(json, "ecdh_pub", P256_LENGTH);
      boolean hybrid = StrictJson.bool(json, "hybrid");
      if (hybrid != (ecdh != null)) {
        throw new StrictJson.ShapeException("hybrid does not say whether ecdh_pub is there");
      }
      return new ServedDevice(
          deviceId,
          StrictJson.string(json, "namespace"),
          HEX.formatHex(StrictJson.hex(json, "binding", HASH_LENGTH)),
          StrictJson.hex(json, "kyber_pub", PublicKeys.ML_KEM_768_LENGTH),
          ecdh,
          StrictJson.optionalHex(json, "dsa_pub", PublicKeys.ML_DSA_65_LENGTH),
          HEX.formatHex(StrictJson.hex(json, "fingerprint", HASH_LENGTH)),
          hybrid,
          StrictJson.wholeNumber(json, "ct_index"),
          StrictJson.wholeNumber(json, "inserted_at"),
          StrictJson.string(json, "sector"),
          StrictJson.wholeNumber(json, "tree_size"),
          StrictJson.hexArray(json, "inclusion_proof", HASH_LENGTH),
          TreeHeadJson.read(StrictJson.object(json, "sth")));
    } catch (StrictJson.ShapeException e) {
      throw new LogVerificationException(MALFORMED_RESPONSE, what + ": " + e.getMessage());
    }
  }

  /**
   * SHA3-256 over the served keys ({@code ml_kem || p256 || ml_dsa}, absent keys omitted), as
   * {@link PublicKeys#fingerprint()} and the relay define it, in lowercase hex.
   */
  public String computedFingerprint() {
    return HEX.formatHex(DeviceBinding.fingerprint(mlKem, ecdh, mlDsa));
  }

  @Override
  public String toString() {
    return "ServedDevice[" + deviceId + ", fingerprint=" + servedFingerprint + "]";
  }
}
