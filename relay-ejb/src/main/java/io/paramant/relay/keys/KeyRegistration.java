package io.paramant.relay.keys;

/**
 * A registration as the client sent it, keys still encoded (hex or base64, see {@link
 * PublicKeySet#decode}).
 *
 * @param deviceId the device's id in the registering account's namespace
 * @param mlKem768 the ML-KEM-768 encapsulation key; required
 * @param p256 the P-256 key, or {@code null} for an ML-KEM-only device
 * @param mlDsa65 the ML-DSA-65 key, or {@code null}
 */
public record KeyRegistration(String deviceId, String mlKem768, String p256, String mlDsa65) {}
