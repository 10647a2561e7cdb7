package io.paramant.client.internal.envelope;

import io.paramant.client.DeviceKeys;
import io.paramant.client.FileInfo;
import io.paramant.client.internal.transfer.OutgoingFile;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.SecretWithEncapsulation;
import org.bouncycastle.crypto.generators.MLDSAKeyPairGenerator;
import org.bouncycastle.crypto.generators.MLKEMKeyPairGenerator;
import org.bouncycastle.crypto.kems.MLKEMExtractor;
import org.bouncycastle.crypto.kems.MLKEMGenerator;
import org.bouncycastle.crypto.params.MLDSAKeyGenerationParameters;
import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLKEMKeyGenerationParameters;
import org.bouncycastle.crypto.params.MLKEMParameters;
import org.bouncycastle.crypto.params.MLKEMPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLKEMPublicKeyParameters;
import org.bouncycastle.crypto.signers.MLDSASigner;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Micro-benchmarks of the envelope and its primitives. A program, never a test: nothing fails on a
 * timing. Run from the repository root (the profile runs {@code org.openjdk.jmh.Main} on the test
 * class path):
 *
 * <pre>
 * mvn -B -f sdk/pom.xml -Pbench test-compile exec:exec
 * mvn -B -f sdk/pom.xml -Pbench test-compile exec:exec -Djmh.args="EnvelopeBenchmark.seal -wi 2 -i 2"
 * </pre>
 *
 * The first line runs everything with the settings below (about 3 minutes); the second is a quick
 * look at one benchmark. The warm-up is long on purpose: the JIT needs a few hundred 5 MiB
 * operations before AES-GCM runs on its AVX-512 intrinsic, and until then a seal takes 100 ms
 * instead of 10. Seal and open handle one full blob: a chunk of {@link
 * OutgoingFile#CHUNK_DATA_SIZE} bytes to a device (suite 1, unsigned), including the padding and,
 * for seal, the SHA-256 of the whole blob.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class EnvelopeBenchmark {

  private final SecureRandom random = new SecureRandom();
  private final Envelope envelope = new Envelope();
  private DeviceKeys recipient;
  private Recipient to;
  private FileId fileId;
  private ChunkMeta meta;
  private ByteBuffer data;
  private ByteBuffer blob;
  private ByteBuffer sealed;
  private ByteBuffer opening;

  private MLKEMPublicKeyParameters kemPublic;
  private MLKEMPrivateKeyParameters kemPrivate;
  private byte[] kemCiphertext;
  private AsymmetricCipherKeyPair dsaKeys;
  private byte[] message;
  private byte[] signature;
  private BlobHeader passwordHeader;

  @Setup(Level.Trial)
  public void setUp() throws CryptoException {
    recipient = DeviceKeys.generate();
    to = Recipient.device(recipient.publicKeys());
    fileId = FileId.random();
    meta =
        ChunkMeta.first(
            1, new FileInfo("bench.bin", OutgoingFile.CHUNK_DATA_SIZE, "application/octet-stream"));
    data = ByteBuffer.allocateDirect(OutgoingFile.CHUNK_DATA_SIZE);
    blob = Blob.allocate();
    sealed = Blob.allocate();
    opening = Blob.allocate();
    envelope.seal(to, fileId, meta, data, sealed);
    sealed.flip();

    MLKEMKeyPairGenerator kem = new MLKEMKeyPairGenerator();
    kem.init(new MLKEMKeyGenerationParameters(random, MLKEMParameters.ml_kem_768));
    AsymmetricCipherKeyPair kemKeys = kem.generateKeyPair();
    kemPublic = (MLKEMPublicKeyParameters) kemKeys.getPublic();
    kemPrivate = (MLKEMPrivateKeyParameters) kemKeys.getPrivate();
    kemCiphertext = new MLKEMGenerator(random).generateEncapsulated(kemPublic).getEncapsulation();

    MLDSAKeyPairGenerator dsa = new MLDSAKeyPairGenerator();
    dsa.init(new MLDSAKeyGenerationParameters(random, MLDSAParameters.ml_dsa_65));
    dsaKeys = dsa.generateKeyPair();
    message = new byte[26 + 64];
    signature = mlDsa65Sign();

    passwordHeader =
        BlobHeader.create(
            Suite.PASSWORD,
            0,
            KeySchedule.passwordKeyFields(KdfParameters.DEFAULT, random),
            fileId,
            0,
            1,
            16);
  }

  /** Open decrypts in place, so every call gets a fresh copy of the sealed blob (not measured). */
  @Setup(Level.Invocation)
  public void restoreSealedBlob() {
    opening.clear().put(sealed.duplicate()).flip();
  }

  @Benchmark
  public SealedBlob seal5MiBBlob() {
    return envelope.seal(to, fileId, meta, data, blob.clear());
  }

  @Benchmark
  public OpenedChunk open5MiBBlob() {
    return envelope.open(opening, Credential.device(recipient), SenderDirectory.none());
  }

  @Benchmark
  public SecretWithEncapsulation mlKem768Encapsulate() {
    return new MLKEMGenerator(random).generateEncapsulated(kemPublic);
  }

  @Benchmark
  public byte[] mlKem768Decapsulate() {
    return new MLKEMExtractor(kemPrivate).extractSecret(kemCiphertext);
  }

  @Benchmark
  public byte[] mlDsa65Sign() throws CryptoException {
    MLDSASigner signer = new MLDSASigner();
    signer.init(
        true,
        new org.bouncycastle.crypto.params.ParametersWithRandom(dsaKeys.getPrivate(), random));
    signer.update(message, 0, message.length);
    return signer.generateSignature();
  }

  @Benchmark
  public boolean mlDsa65Verify() {
    MLDSASigner verifier = new MLDSASigner();
    verifier.init(false, dsaKeys.getPublic());
    verifier.update(message, 0, message.length);
    return verifier.verifySignature(signature);
  }

  /** Suite 2's key schedule at the defaults m = 64 MiB, t = 3, p = 4: Argon2id then HKDF. */
  @Benchmark
  public SessionKey argon2idDefaults() {
    return KeySchedule.password("correct horse battery staple".toCharArray(), passwordHeader);
  }
}
