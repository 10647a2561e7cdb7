package io.paramant.relay.notary;

import io.paramant.accounts.DeviceNamespace;
import io.paramant.ct.ejb.TransparencyLog;
import io.paramant.ct.entry.DeviceBinding;
import io.paramant.relay.DeviceIdParameter;
import io.paramant.relay.InvalidInputException;
import io.paramant.relay.accounts.Account;
import io.paramant.relay.keys.KeyDirectory;
import io.paramant.relay.keys.PublicKeySet;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLDSAPublicKeyParameters;
import org.bouncycastle.crypto.signers.MLDSASigner;

/**
 * The notary (docs/notary.md): a device's ML-DSA-65 signature over a document's SHA-256 and its
 * signing time is checked and logged as a {@code notary} leaf that commits to the signer's binding
 * and key fingerprint. The relay sees the document's hash only.
 */
@ApplicationScoped
public class Notary {

  static final String CONTEXT = "paramant/notary/v1";
  static final long WINDOW_MS = 5 * 60_000;
  static final int SIGNATURE_BYTES = 3309;

  @Inject KeyDirectory keys;
  @Inject TransparencyLog log;

  private final Clock clock = Clock.systemUTC();

  /**
   * Checks and logs a notary signature by the caller's device {@code deviceId}.
   *
   * @param documentSha256 32 bytes
   * @param signature the ML-DSA-65 signature over {@link #message}
   * @return the leaf, durable
   * @throws InvalidInputException {@code invalid_device_id}, {@code device_cannot_sign}, {@code
   *     signed_at_out_of_window}, {@code invalid_signature}
   * @throws io.paramant.relay.keys.DeviceNotFoundException no such device in the caller's namespace
   */
  public Notarised sign(
      Account caller, String deviceId, byte[] documentSha256, long signedAtMs, byte[] signature) {
    String device = DeviceIdParameter.required(deviceId);
    PublicKeySet signer = keys.keysOf(caller, device);
    byte[] mlDsa =
        signer
            .mlDsa()
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "device_cannot_sign",
                        "The device was registered without an ML-DSA-65 key; it cannot sign."));
    if (Math.abs(clock.millis() - signedAtMs) > WINDOW_MS) {
      throw new InvalidInputException(
          "signed_at_out_of_window", "signed_at_ms is more than 5 minutes from the relay's clock.");
    }
    String namespace = DeviceNamespace.of(caller.label(), caller.team());
    byte[] binding = DeviceBinding.of(namespace, device);
    byte[] message = message(documentSha256, signedAtMs, binding);
    MLDSASigner verifier = new MLDSASigner();
    verifier.init(false, new MLDSAPublicKeyParameters(MLDSAParameters.ml_dsa_65, mlDsa));
    verifier.update(message, 0, message.length);
    if (signature.length != SIGNATURE_BYTES || !verifier.verifySignature(signature)) {
      throw new InvalidInputException(
          "invalid_signature",
          "signature does not verify with the device's ML-DSA-65 key over paramant/notary/v1, the"
              + " document's SHA-256 and signed_at_ms.");
    }
    long ctIndex = log.appendNotary(documentSha256, binding, signer.fingerprintBytes(), signedAtMs);
    HexFormat hex = HexFormat.of();
    return new Notarised(
        log.entry(ctIndex),
        ctIndex,
        namespace,
        device,
        signer.fingerprint(),
        hex.formatHex(binding));
  }

  /**
   * {@code "paramant/notary/v1" || documentSha256 || signedAtMs (u64, big-endian) || binding}. The
   * signer's binding is signed too (docs/notary.md: PROTOCOL.md's message leaves it out, so a
   * signature could be logged under another namespace that registered the same public keys).
   */
  static byte[] message(byte[] documentSha256, long signedAtMs, byte[] binding) {
    byte[] context = CONTEXT.getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(context.length + 32 + 8 + 32)
        .put(context)
        .put(documentSha256)
        .putLong(signedAtMs)
        .put(binding)
        .array();
  }
}
