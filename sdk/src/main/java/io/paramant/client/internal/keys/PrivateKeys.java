package io.paramant.client.internal.keys;

import io.paramant.client.PublicKeys;
import io.paramant.client.internal.crypto.P256;
import java.security.SecureRandom;
import javax.security.auth.Destroyable;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.generators.MLDSAKeyPairGenerator;
import org.bouncycastle.crypto.generators.MLKEMKeyPairGenerator;
import org.bouncycastle.crypto.kems.MLKEMExtractor;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.MLDSAKeyGenerationParameters;
import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLDSAPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLKEMKeyGenerationParameters;
import org.bouncycastle.crypto.params.MLKEMParameters;
import org.bouncycastle.crypto.params.MLKEMPrivateKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.MLDSASigner;

/**
 * The three private keys of a device and the only operations that use them: ML-KEM-768
 * decapsulation, P-256 agreement and ML-DSA-65 signing. The raw key bytes never leave this package
 * except into the key file.
 *
 * <p>{@link #destroy()} wipes Bouncy Castle's ML-KEM and ML-DSA key arrays. The P-256 scalar lives
 * in an immutable {@code BigInteger} that no Java code can wipe; it becomes garbage with this
 * object.
 */
public final class PrivateKeys implements Destroyable {

  static final int ML_KEM_SEED_LENGTH = 64;
  static final int ML_DSA_SEED_LENGTH = 32;

  /** FIPS 204, table 2: an ML-DSA-65 signature is always 3309 bytes. */
  public static final int ML_DSA_65_SIGNATURE_LENGTH = 3309;

  private final MLKEMPrivateKeyParameters mlKem;
  private final ECPrivateKeyParameters ecdh;
  private final MLDSAPrivateKeyParameters mlDsa;
  private final PublicKeys publicKeys;
  private volatile boolean destroyed;

  private PrivateKeys(
      MLKEMPrivateKeyParameters mlKem,
      ECPrivateKeyParameters ecdh,
      MLDSAPrivateKeyParameters mlDsa) {
    this.mlKem = mlKem;
    this.ecdh = ecdh;
    this.mlDsa = mlDsa;
    this.publicKeys =
        PublicKeys.of(
            mlKem.getPublicKeyParameters().getEncoded(),
            P256.encode(P256.publicKeyOf(ecdh)),
            mlDsa.getPublicKeyParameters().getEncoded());
  }

  /** Fresh keys; production passes the system CSPRNG, tests a deterministic one. */
  public static PrivateKeys generate(SecureRandom random) {
    MLKEMKeyPairGenerator kem = new MLKEMKeyPairGenerator();
    kem.init(new MLKEMKeyGenerationParameters(random, MLKEMParameters.ml_kem_768));
    MLDSAKeyPairGenerator dsa = new MLDSAKeyPairGenerator();
    dsa.init(new MLDSAKeyGenerationParameters(random, MLDSAParameters.ml_dsa_65));
    AsymmetricCipherKeyPair ec = P256.generate(random);
    return new PrivateKeys(
        (MLKEMPrivateKeyParameters) kem.generateKeyPair().getPrivate(),
        (ECPrivateKeyParameters) ec.getPrivate(),
        (MLDSAPrivateKeyParameters) dsa.generateKeyPair().getPrivate());
  }

  /**
   * Keys from their stored form; the arrays are copied by Bouncy Castle and may be wiped by the
   * caller.
   *
   * @throws IllegalArgumentException if a seed has the wrong length or the scalar is out of range
   */
  static PrivateKeys fromSeeds(byte[] mlKemSeed, byte[] p256Scalar, byte[] mlDsaSeed) {
    if (mlKemSeed.length != ML_KEM_SEED_LENGTH || mlDsaSeed.length != ML_DSA_SEED_LENGTH) {
      throw new IllegalArgumentException("wrong seed length");
    }
    return new PrivateKeys(
        new MLKEMPrivateKeyParameters(MLKEMParameters.ml_kem_768, mlKemSeed),
        P256.decodePrivateKey(p256Scalar),
        new MLDSAPrivateKeyParameters(MLDSAParameters.ml_dsa_65, mlDsaSeed));
  }

  public PublicKeys publicKeys() {
    return publicKeys;
  }

  /**
   * ML-KEM-768 decapsulation (implicit rejection: a wrong ciphertext yields a useless secret, not
   * an error).
   */
  public byte[] decapsulate(byte[] ctKem) {
    checkAlive();
    return new MLKEMExtractor(mlKem).extractSecret(ctKem);
  }

  /** P-256 agreement with an already validated public key. */
  public byte[] agree(ECPublicKeyParameters peer) {
    checkAlive();
    return P256.sharedSecret(ecdh, peer);
  }

  /** Hedged ML-DSA-65 signature (FIPS 204, empty context) with randomness from {@code random}. */
  public byte[] sign(byte[] message, SecureRandom random) {
    checkAlive();
    MLDSASigner signer = new MLDSASigner();
    signer.init(true, new ParametersWithRandom(mlDsa, random));
    signer.update(message, 0, message.length);
    try {
      return signer.generateSignature();
    } catch (CryptoException e) {
      throw new IllegalStateException("ML-DSA-65 signing failed", e);
    }
  }

  byte[] mlKemSeed() {
    checkAlive();
    return mlKem.getSeed();
  }

  byte[] p256Scalar() {
    checkAlive();
    return P256.encode(ecdh);
  }

  byte[] mlDsaSeed() {
    checkAlive();
    return mlDsa.getSeed();
  }

  @Override
  public void destroy() {
    destroyed = true;
    mlKem.destroy();
    mlDsa.destroy();
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  private void checkAlive() {
    if (destroyed) {
      throw new IllegalStateException("device keys were destroyed");
    }
  }
}
