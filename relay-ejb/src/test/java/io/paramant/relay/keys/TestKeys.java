package io.paramant.relay.keys;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.generators.MLDSAKeyPairGenerator;
import org.bouncycastle.crypto.generators.MLKEMKeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.MLDSAKeyGenerationParameters;
import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLDSAPublicKeyParameters;
import org.bouncycastle.crypto.params.MLKEMKeyGenerationParameters;
import org.bouncycastle.crypto.params.MLKEMParameters;
import org.bouncycastle.crypto.params.MLKEMPublicKeyParameters;

/** Real public keys of a fresh device, made with Bouncy Castle as a client makes them. */
record TestKeys(byte[] mlKem, byte[] p256, byte[] mlDsa) {

  private static final SecureRandom RANDOM = new SecureRandom();

  static TestKeys generate() {
    MLKEMKeyPairGenerator kem = new MLKEMKeyPairGenerator();
    kem.init(new MLKEMKeyGenerationParameters(RANDOM, MLKEMParameters.ml_kem_768));
    MLDSAKeyPairGenerator dsa = new MLDSAKeyPairGenerator();
    dsa.init(new MLDSAKeyGenerationParameters(RANDOM, MLDSAParameters.ml_dsa_65));
    var curve = CustomNamedCurves.getByName("P-256");
    ECKeyPairGenerator ec = new ECKeyPairGenerator();
    ec.init(
        new ECKeyGenerationParameters(
            new ECDomainParameters(curve.getCurve(), curve.getG(), curve.getN(), curve.getH()),
            RANDOM));
    AsymmetricCipherKeyPair ecPair = ec.generateKeyPair();
    return new TestKeys(
        ((MLKEMPublicKeyParameters) kem.generateKeyPair().getPublic()).getEncoded(),
        ((ECPublicKeyParameters) ecPair.getPublic()).getQ().getEncoded(false),
        ((MLDSAPublicKeyParameters) dsa.generateKeyPair().getPublic()).getEncoded());
  }

  KeyRegistration hex(String deviceId) {
    return new KeyRegistration(deviceId, hex(mlKem), hex(p256), hex(mlDsa));
  }

  KeyRegistration base64(String deviceId) {
    return new KeyRegistration(deviceId, b64(mlKem), b64(p256), b64(mlDsa));
  }

  /** Receive-only hybrid keys: ML-KEM-768 and P-256, no ML-DSA key. */
  KeyRegistration hybridOnly(String deviceId) {
    return new KeyRegistration(deviceId, hex(mlKem), hex(p256), null);
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
