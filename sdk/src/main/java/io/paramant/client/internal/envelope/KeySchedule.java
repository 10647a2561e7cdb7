package io.paramant.client.internal.envelope;

import io.paramant.client.Mnemonic;
import io.paramant.client.PublicKeys;
import io.paramant.client.internal.crypto.Digests;
import io.paramant.client.internal.crypto.Hkdf;
import io.paramant.client.internal.crypto.P256;
import io.paramant.client.internal.keys.PrivateKeys;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.SecretWithEncapsulation;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.kems.MLKEMGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.MLKEMParameters;
import org.bouncycastle.crypto.params.MLKEMPublicKeyParameters;

/**
 * The key schedule of the three suites, step by step as PROTOCOL.md and the package notes state it.
 * This is the one place where primitives are composed; everything else moves bytes.
 */
public final class KeySchedule {

  static final byte[] INFO = ascii("paramant/ghost-pipe/v1");
  static final byte[] DROP_SALT = ascii("paramant/drop/v1");
  static final byte[] DROP_ID_INFO = ascii("id");
  static final byte[] DROP_KEY_INFO = ascii("key");

  static final int ML_KEM_CIPHERTEXT_LENGTH = 1088;
  private static final int DROP_ID_LENGTH = 32;
  private static final int ARGON2_OUTPUT_LENGTH = 32;

  private KeySchedule() {}

  /**
   * Suite 1, sender: encapsulate to both recipient keys; returns {@code ct_kem || E} and the
   * session key.
   */
  static Keying hybridSeal(PublicKeys recipient, SecureRandom random) {
    byte[] ek = recipient.mlKem();
    byte[] p = recipient.ecdh();
    // 1. (ct_kem, ss_kem) = ML-KEM-768.Encaps(ek)
    SecretWithEncapsulation kem =
        new MLKEMGenerator(random)
            .generateEncapsulated(new MLKEMPublicKeyParameters(MLKEMParameters.ml_kem_768, ek));
    byte[] ctKem = kem.getEncapsulation();
    byte[] ssKem = kem.getSecret();
    // 2. fresh ephemeral (e, E); ss_ecdh = x(e·P). P was validated when the PublicKeys was made.
    AsymmetricCipherKeyPair ephemeral = P256.generate(random);
    byte[] e = P256.encode((ECPublicKeyParameters) ephemeral.getPublic());
    byte[] ssEcdh =
        P256.sharedSecret(
            (ECPrivateKeyParameters) ephemeral.getPrivate(),
            P256.decodePublicKey(p, "recipient P-256 key"));
    try {
      SessionKey key = hybridKey(ctKem, e, ek, p, ssKem, ssEcdh);
      return new Keying(concat(ctKem, e), header -> key);
    } finally {
      wipe(ssKem, ssEcdh);
      destroy(kem);
    }
  }

  /** Suite 1, receiver: decapsulate the header's {@code ct_kem || E} with this device's keys. */
  static SessionKey hybridOpen(PrivateKeys keys, BlobHeader header) {
    byte[] fields = header.keyFields();
    byte[] ctKem = Arrays.copyOf(fields, ML_KEM_CIPHERTEXT_LENGTH);
    byte[] e = Arrays.copyOfRange(fields, ML_KEM_CIPHERTEXT_LENGTH, fields.length);
    ECPublicKeyParameters ephemeral = P256.decodePublicKey(e, "ephemeral P-256 key in the header");
    // ML-KEM decapsulation never fails: an altered ct_kem gives a pseudorandom ss_kem and GCM then
    // refuses.
    byte[] ssKem = keys.decapsulate(ctKem);
    byte[] ssEcdh = keys.agree(ephemeral);
    try {
      return hybridKey(
          ctKem, e, keys.publicKeys().mlKem(), keys.publicKeys().ecdh(), ssKem, ssEcdh);
    } finally {
      wipe(ssKem, ssEcdh);
    }
  }

  /** Suite 1, steps 3 and 4: salt = SHA-256(ct_kem || E || ek || P), ikm = ss_kem || ss_ecdh. */
  private static SessionKey hybridKey(
      byte[] ctKem, byte[] e, byte[] ek, byte[] p, byte[] ssKem, byte[] ssEcdh) {
    byte[] salt = Digests.sha256(ctKem, e, ek, p);
    byte[] ikm = concat(ssKem, ssEcdh);
    try {
      return SessionKey.derive(salt, ikm, INFO);
    } finally {
      wipe(ikm);
    }
  }

  /** Suite 2, sender: a fresh Argon2 salt with the chosen parameters, as key fields. */
  static byte[] passwordKeyFields(KdfParameters parameters, SecureRandom random) {
    byte[] salt = new byte[KdfParameters.SALT_LENGTH];
    random.nextBytes(salt);
    return parameters.toKeyFields(salt);
  }

  /**
   * Suite 2, both sides: ikm = Argon2id(password, salt, m, t, p, 32), salt = SHA-256(header bytes
   * before file_id). The header was parsed, so its parameters are within the limits before Argon2
   * spends anything.
   */
  static SessionKey password(char[] password, BlobHeader header) {
    byte[] fields = header.keyFields();
    KdfParameters parameters = KdfParameters.fromKeyFields(fields);
    byte[] ikm = argon2id(password, Arrays.copyOf(fields, KdfParameters.SALT_LENGTH), parameters);
    try {
      return SessionKey.derive(Digests.sha256(header.bytesBeforeFileId()), ikm, INFO);
    } finally {
      wipe(ikm);
    }
  }

  /**
   * Suite 3: key || nonce = HKDF-SHA256(salt = "paramant/drop/v1", ikm = entropy, info = "key",
   * 44).
   */
  static SessionKey drop(Mnemonic phrase) {
    byte[] entropy = phrase.entropy();
    try {
      return SessionKey.derive(DROP_SALT, entropy, DROP_KEY_INFO);
    } finally {
      wipe(entropy);
    }
  }

  /**
   * Suite 3: id = HKDF-SHA256(salt = "paramant/drop/v1", ikm = entropy, info = "id", 32), lowercase
   * hex.
   */
  public static String dropId(byte[] entropy) {
    return HexFormat.of().formatHex(Hkdf.sha256(DROP_SALT, entropy, DROP_ID_INFO, DROP_ID_LENGTH));
  }

  private static byte[] argon2id(char[] password, byte[] salt, KdfParameters parameters) {
    byte[] secret = utf8(password);
    try {
      Argon2BytesGenerator argon2 = new Argon2BytesGenerator();
      argon2.init(
          new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
              .withVersion(Argon2Parameters.ARGON2_VERSION_13)
              .withSalt(salt)
              .withMemoryAsKB(parameters.memoryKib())
              .withIterations(parameters.iterations())
              .withParallelism(parameters.parallelism())
              .build());
      byte[] output = new byte[ARGON2_OUTPUT_LENGTH];
      argon2.generateBytes(secret, output);
      return output;
    } finally {
      wipe(secret);
    }
  }

  /** The password as UTF-8, without normalization (other clients encode the same way). */
  private static byte[] utf8(char[] password) {
    ByteBuffer encoded;
    try {
      encoded = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(password));
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("the password is not valid Unicode text");
    }
    byte[] bytes = Arrays.copyOf(encoded.array(), encoded.limit());
    wipe(encoded.array());
    return bytes;
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }

  private static void destroy(SecretWithEncapsulation kem) {
    try {
      kem.destroy();
    } catch (javax.security.auth.DestroyFailedException e) {
      // Bouncy Castle's implementation always succeeds; ss_kem was wiped by us above in any case.
    }
  }

  private static void wipe(byte[]... secrets) {
    for (byte[] secret : secrets) {
      Arrays.fill(secret, (byte) 0);
    }
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
