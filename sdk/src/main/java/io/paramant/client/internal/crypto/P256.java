package io.paramant.client.internal.crypto;

import io.paramant.client.EnvelopeException;
import io.paramant.client.EnvelopeException.Reason;
import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.agreement.ECDHBasicAgreement;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.BigIntegers;

/**
 * ECDH over NIST P-256 with the wire encodings of the protocol: public keys as 65-byte SEC1
 * uncompressed points, private keys as 32-byte big-endian scalars, the shared secret as the 32-byte
 * x-coordinate.
 *
 * <p>Every public key that enters is decoded by Bouncy Castle's {@code decodePoint}, which rejects
 * points off the curve; P-256 has cofactor 1, so an on-curve point other than infinity is in the
 * prime-order group. That closes invalid-curve attacks on the recipient's long-term key.
 */
public final class P256 {

  public static final int PUBLIC_KEY_LENGTH = 65;
  public static final int PRIVATE_KEY_LENGTH = 32;
  public static final int SHARED_SECRET_LENGTH = 32;

  private static final byte UNCOMPRESSED = 0x04;
  private static final ECDomainParameters DOMAIN;

  static {
    X9ECParameters curve = CustomNamedCurves.getByName("P-256");
    DOMAIN =
        new ECDomainParameters(
            curve.getCurve(), curve.getG(), curve.getN(), curve.getH(), curve.getSeed());
  }

  private P256() {}

  /**
   * @throws EnvelopeException {@link Reason#INVALID_KEY} unless {@code encoded} is an uncompressed
   *     point on P-256
   */
  public static ECPublicKeyParameters decodePublicKey(byte[] encoded, String what) {
    if (encoded.length != PUBLIC_KEY_LENGTH || encoded[0] != UNCOMPRESSED) {
      throw new EnvelopeException(
          Reason.INVALID_KEY, what + " is not a 65-byte uncompressed P-256 point");
    }
    ECPoint point;
    try {
      point = DOMAIN.getCurve().decodePoint(encoded);
    } catch (IllegalArgumentException e) {
      throw new EnvelopeException(Reason.INVALID_KEY, what + " is not a point on P-256", e);
    }
    return new ECPublicKeyParameters(point, DOMAIN);
  }

  public static byte[] encode(ECPublicKeyParameters key) {
    return key.getQ().getEncoded(false);
  }

  /**
   * @throws IllegalArgumentException unless the scalar is 32 bytes in [1, n-1]
   */
  public static ECPrivateKeyParameters decodePrivateKey(byte[] scalar) {
    BigInteger d = new BigInteger(1, scalar);
    if (scalar.length != PRIVATE_KEY_LENGTH || d.signum() == 0 || d.compareTo(DOMAIN.getN()) >= 0) {
      throw new IllegalArgumentException("not a P-256 private scalar");
    }
    return new ECPrivateKeyParameters(d, DOMAIN);
  }

  /** The private scalar as 32 big-endian bytes; the caller owns and wipes them. */
  public static byte[] encode(ECPrivateKeyParameters key) {
    return BigIntegers.asUnsignedByteArray(PRIVATE_KEY_LENGTH, key.getD());
  }

  public static ECPublicKeyParameters publicKeyOf(ECPrivateKeyParameters key) {
    ECPoint q = new FixedPointCombMultiplier().multiply(DOMAIN.getG(), key.getD()).normalize();
    return new ECPublicKeyParameters(q, DOMAIN);
  }

  public static AsymmetricCipherKeyPair generate(SecureRandom random) {
    ECKeyPairGenerator generator = new ECKeyPairGenerator();
    generator.init(new ECKeyGenerationParameters(DOMAIN, random));
    return generator.generateKeyPair();
  }

  /**
   * ECDH: the x-coordinate of {@code privateKey · publicKey}, 32 bytes; the caller owns and wipes
   * them.
   */
  public static byte[] sharedSecret(
      ECPrivateKeyParameters privateKey, ECPublicKeyParameters publicKey) {
    ECDHBasicAgreement agreement = new ECDHBasicAgreement();
    agreement.init(privateKey);
    return BigIntegers.asUnsignedByteArray(
        SHARED_SECRET_LENGTH, agreement.calculateAgreement(publicKey));
  }
}
