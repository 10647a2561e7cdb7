package io.paramant.client.internal.envelope;

import io.paramant.client.PublicKeys;
import io.paramant.client.SenderSignatureException;
import io.paramant.client.VerifiedSender;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What a receiver checks a signed chunk against (PROTOCOL.md, "Sender signature"): its own pinned
 * namespace and device id (the signature must be over its own binding), and the verified keys of
 * the devices of that namespace. The SDK's implementation resolves signers from a cached copy of
 * the namespace's directory ({@code GET /v2/pubkey}), each key checked through the home log; tests
 * use {@link #of}.
 */
public interface SenderDirectory {

  /** The receiver's pinned namespace: a signer must be from it. */
  String namespace();

  /**
   * The receiver's own device id: with {@link #namespace()}, the binding a signature must cover.
   */
  String deviceId();

  /**
   * The signer {@code deviceId} of {@link #namespace()} with keys proven in the log.
   *
   * @throws SenderSignatureException {@code UNKNOWN_SIGNER} if it is not in the directory or its
   *     keys are not proven
   */
  VerifiedSender resolve(String deviceId);

  /**
   * The device ids of the namespace known so far: only used to tell a signature made for another
   * device ({@code NOT_FOR_ME}) from a bad one.
   */
  Collection<String> deviceIds();

  /**
   * The directory as one receive uses it: an implementation that fetches signers from the relay
   * fetches at most once per receive through the view returned here.
   */
  default SenderDirectory forOneReceive() {
    return this;
  }

  /** A receiver that accepts no signer: for password and drop blobs, which are never signed. */
  static SenderDirectory none() {
    return new SenderDirectory() {
      @Override
      public String namespace() {
        throw new SenderSignatureException(
            SenderSignatureException.Reason.UNKNOWN_SIGNER, "no signer is accepted here");
      }

      @Override
      public String deviceId() {
        throw new SenderSignatureException(
            SenderSignatureException.Reason.UNKNOWN_SIGNER, "no signer is accepted here");
      }

      @Override
      public VerifiedSender resolve(String deviceId) {
        throw new SenderSignatureException(
            SenderSignatureException.Reason.UNKNOWN_SIGNER, "no signer is accepted here");
      }

      @Override
      public Collection<String> deviceIds() {
        return List.of();
      }
    };
  }

  /**
   * The receiver {@code ownDeviceId} of {@code namespace}, which trusts exactly these devices' keys
   * (tests and pinned setups; the SDK checks keys through the log).
   */
  static SenderDirectory of(String namespace, String ownDeviceId, Map<String, PublicKeys> devices) {
    Map<String, PublicKeys> known = Map.copyOf(devices);
    return new SenderDirectory() {
      @Override
      public String namespace() {
        return namespace;
      }

      @Override
      public String deviceId() {
        return ownDeviceId;
      }

      @Override
      public VerifiedSender resolve(String deviceId) {
        PublicKeys keys = known.get(deviceId);
        if (keys == null || keys.mlDsa().isEmpty()) {
          throw new SenderSignatureException(
              SenderSignatureException.Reason.UNKNOWN_SIGNER, namespace + "/" + deviceId);
        }
        return new VerifiedSender(namespace, deviceId, keys, "test", 0);
      }

      @Override
      public Collection<String> deviceIds() {
        return known.keySet();
      }
    };
  }
}
