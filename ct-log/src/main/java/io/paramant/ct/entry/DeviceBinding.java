package io.paramant.ct.entry;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.paramant.accounts.DeviceIds;
import io.paramant.accounts.DeviceNamespace;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Who a key is for, as a version-2 leaf names it (PROTOCOL.md, "Version 2 leaves"):
 *
 * <pre>
 * binding = SHA3-256("paramant/ct/device/v1" || u8 len(ns) || ns || u8 len(id) || id)
 * </pre>
 *
 * with {@code ns} the device's namespace ({@link DeviceNamespace}) and {@code id} its device id
 * ({@link DeviceIds}), both ASCII. The binding hides nothing from whoever can guess both names (a
 * documented trade-off): it lets the device's owner, and anyone else who knows them, find every key
 * ever registered for that name in the log.
 */
public final class DeviceBinding {

  /** The length of a binding. */
  public static final int LENGTH = 32;

  private static final byte[] LABEL = "paramant/ct/device/v1".getBytes(US_ASCII);

  private DeviceBinding() {}

  /**
   * The binding of a device.
   *
   * @throws InvalidEntryException if the namespace or the device id breaks its rule
   */
  public static byte[] of(String namespace, String deviceId) {
    if (!DeviceNamespace.isValid(namespace)) {
      throw new InvalidEntryException(DeviceNamespace.INVALID_DETAIL);
    }
    if (!DeviceIds.isValid(deviceId)) {
      throw new InvalidEntryException(DeviceIds.INVALID_DETAIL);
    }
    byte[] ns = namespace.getBytes(US_ASCII);
    byte[] id = deviceId.getBytes(US_ASCII);
    MessageDigest sha3 = sha3();
    sha3.update(LABEL);
    sha3.update((byte) ns.length);
    sha3.update(ns);
    sha3.update((byte) id.length);
    sha3.update(id);
    return sha3.digest();
  }

  /**
   * The fingerprint of a device's public keys, the subject of its {@code pubkey} leaf:
   *
   * <pre>
   * fingerprint = SHA3-256(ml_kem (1184) || p256 (65, if any) || ml_dsa (1952, if any))
   * </pre>
   *
   * Unambiguous because each key has a fixed length and a fixed place. The relay, the SDK and the
   * owner's monitor all compute it here.
   *
   * @param p256 the P-256 key, or {@code null}
   * @param mlDsa the ML-DSA-65 key, or {@code null}
   */
  public static byte[] fingerprint(byte[] mlKem, byte[] p256, byte[] mlDsa) {
    MessageDigest sha3 = sha3();
    sha3.update(mlKem);
    if (p256 != null) {
      sha3.update(p256);
    }
    if (mlDsa != null) {
      sha3.update(mlDsa);
    }
    return sha3.digest();
  }

  private static MessageDigest sha3() {
    try {
      return MessageDigest.getInstance("SHA3-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA3-256", e);
    }
  }
}
