package io.paramant.ct.sth;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import io.paramant.ct.witness.Cosignature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLDSAPrivateKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.MLDSASigner;

/**
 * The relay's ML-DSA-65 identity key, which signs its tree heads. Generated on first start and kept
 * in a file readable only by its owner; every later start uses the same key, because clients pin
 * it.
 *
 * <p>The file holds the 32-byte FIPS 204 key generation seed, from which the key pair is derived,
 * and the SHA3-256 of the derived public key (the key id) as a checksum:
 *
 * <pre>
 * "paramant/identity/v1 ML-DSA-65\n" (31 ASCII bytes) || seed (32) || SHA3-256(public key) (32)
 * </pre>
 *
 * A file that does not have exactly this shape, or whose seed does not derive the stored key id,
 * stops the start with {@link IdentityKeyException}: silently using another key would look like a
 * forked log to every client.
 */
public final class RelayIdentity {

  private static final System.Logger LOG = System.getLogger(RelayIdentity.class.getName());

  private static final byte[] MAGIC = "paramant/identity/v1 ML-DSA-65\n".getBytes(US_ASCII);
  private static final int SEED_LENGTH = 32;
  private static final int KEY_ID_LENGTH = 32;
  private static final int FILE_LENGTH = MAGIC.length + SEED_LENGTH + KEY_ID_LENGTH;
  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  private static final SecureRandom RANDOM = new SecureRandom();

  private final MLDSAPrivateKeyParameters privateKey;
  private final byte[] publicKey;
  private final String keyId;

  private RelayIdentity(byte[] seed) {
    this.privateKey = new MLDSAPrivateKeyParameters(MLDSAParameters.ml_dsa_65, seed);
    this.publicKey = privateKey.getPublicKey();
    this.keyId = SignedTreeHead.keyId(publicKey);
  }

  /**
   * Loads the identity key from {@code keyFile}, or generates it there if the file does not exist.
   *
   * @throws IdentityKeyException if the file exists but is not a valid identity key
   * @throws UncheckedIOException if the file cannot be read or written
   */
  public static RelayIdentity loadOrCreate(Path keyFile) {
    try {
      return Files.exists(keyFile) ? load(keyFile) : create(keyFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot use the identity key file " + keyFile, e);
    }
  }

  /** The encoded ML-DSA-65 public key (1952 bytes). */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** {@link SignedTreeHead#keyId(byte[])} of this identity's public key. */
  public String keyId() {
    return keyId;
  }

  /** Signs a tree head (hedged ML-DSA-65: fresh randomness in every signature). */
  public SignedTreeHead sign(long treeSize, long timestampMillis, byte[] rootHash) {
    byte[] signature =
        signMessage(SignedTreeHead.signedMessage(treeSize, timestampMillis, rootHash));
    return new SignedTreeHead(treeSize, timestampMillis, rootHash, signature, keyId);
  }

  /**
   * Cosigns, as a witness, the tree head of another log ({@link Cosignature#signedMessage}). The
   * identity key is the witness key: the cosignature's label differs from the tree head's, so
   * neither signature can pass for the other. Only the witness calls this, after it has checked the
   * head.
   *
   * @param witnessUrl this relay's public base URL, named in the cosignature (not signed)
   * @throws IllegalArgumentException if the origin or the head cannot be cosigned
   */
  public Cosignature cosign(
      String witnessUrl, String origin, SignedTreeHead head, long cosignedAtMillis) {
    byte[] signature = signMessage(Cosignature.signedMessage(origin, head, cosignedAtMillis));
    return new Cosignature(keyId, witnessUrl, cosignedAtMillis, signature);
  }

  private byte[] signMessage(byte[] message) {
    MLDSASigner signer = new MLDSASigner();
    signer.init(true, new ParametersWithRandom(privateKey, RANDOM));
    signer.update(message, 0, message.length);
    try {
      return signer.generateSignature();
    } catch (CryptoException e) {
      throw new IllegalStateException("ML-DSA-65 could not sign", e);
    }
  }

  private static RelayIdentity load(Path keyFile) throws IOException {
    warnIfOthersHaveAccess(keyFile);
    byte[] content = Files.readAllBytes(keyFile);
    byte[] seed = new byte[SEED_LENGTH];
    try {
      if (content.length != FILE_LENGTH
          || !Arrays.equals(content, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
        throw unusable(keyFile, "it is not a Paramant ML-DSA-65 identity key file");
      }
      System.arraycopy(content, MAGIC.length, seed, 0, SEED_LENGTH);
      RelayIdentity identity = new RelayIdentity(seed);
      String storedKeyId =
          HexFormat.of().formatHex(content, MAGIC.length + SEED_LENGTH, FILE_LENGTH);
      if (!identity.keyId.equals(storedKeyId)) {
        throw unusable(keyFile, "its seed does not derive the key id stored with it");
      }
      return identity;
    } finally {
      Arrays.fill(content, (byte) 0);
      Arrays.fill(seed, (byte) 0);
    }
  }

  /**
   * Writes a new key to a temporary file that is created owner-only (so the key is never readable
   * by others, not even for a moment), forces it to disk and renames it into place: a crash leaves
   * either no key file or a complete one.
   */
  private static RelayIdentity create(Path keyFile) throws IOException {
    byte[] seed = new byte[SEED_LENGTH];
    RANDOM.nextBytes(seed);
    ByteBuffer content = ByteBuffer.allocate(FILE_LENGTH);
    try {
      RelayIdentity identity = new RelayIdentity(seed);
      content.put(MAGIC).put(seed).put(HexFormat.of().parseHex(identity.keyId)).flip();
      Path temporary = keyFile.resolveSibling(keyFile.getFileName() + ".new");
      Files.deleteIfExists(temporary); // left behind by a start that crashed while creating the key
      try (FileChannel out =
          FileChannel.open(
              temporary,
              EnumSet.of(CREATE_NEW, WRITE),
              PosixFilePermissions.asFileAttribute(OWNER_ONLY))) {
        while (content.hasRemaining()) {
          out.write(content);
        }
        out.force(true);
      } catch (UnsupportedOperationException e) {
        throw new IdentityKeyException(
            "the identity key needs a file system with POSIX permissions: " + keyFile.getParent());
      }
      Files.move(temporary, keyFile, StandardCopyOption.ATOMIC_MOVE);
      try (FileChannel directory = FileChannel.open(keyFile.getParent(), READ)) {
        directory.force(true); // makes the rename itself durable
      }
      LOG.log(
          Level.INFO,
          () -> "Created the relay identity key " + keyFile + ", key id " + identity.keyId);
      return identity;
    } finally {
      Arrays.fill(content.array(), (byte) 0);
      Arrays.fill(seed, (byte) 0);
    }
  }

  private static void warnIfOthersHaveAccess(Path keyFile) throws IOException {
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(keyFile);
    if (!OWNER_ONLY.containsAll(permissions)) {
      LOG.log(
          Level.WARNING,
          () ->
              "The identity key "
                  + keyFile
                  + " is accessible to others ("
                  + PosixFilePermissions.toString(permissions)
                  + "); it should be rw------- (chmod 600)");
    }
  }

  private static IdentityKeyException unusable(Path keyFile, String reason) {
    return new IdentityKeyException(
        "The identity key file "
            + keyFile
            + " is unusable: "
            + reason
            + ". Restore it from a backup; do not delete it, a new key changes the identity"
            + " that clients have pinned for this log.");
  }
}
