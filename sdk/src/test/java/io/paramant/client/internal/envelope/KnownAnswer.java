package io.paramant.client.internal.envelope;

import io.paramant.client.DeviceKeys;
import io.paramant.client.FileInfo;
import io.paramant.client.Mnemonic;
import io.paramant.client.internal.keys.KeyFile;
import io.paramant.client.testing.DeterministicRandom;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;

/**
 * One known-answer case: pinned inputs (keys, password or phrase, file id, meta, data, the seed of
 * the deterministic randomness) and the expected outputs. {@link KnownAnswerWriter} made the files
 * once; {@link KnownAnswerTest} recomputes the outputs from the inputs and compares.
 *
 * <p>Every value is a {@code key=value} line; bytes are lowercase hex. The randomness seed feeds a
 * SHAKE256 stream from which the envelope draws, in this order: suite 1 the ML-KEM encapsulation
 * coins and the ephemeral P-256 key, suite 2 the Argon2 salt; then the ML-DSA signing randomness if
 * signed; then the padding key.
 *
 * <p>The signed case also pins the sender signature's encodings (PROTOCOL.md, "Sender signature"):
 * the signer's namespace and device id, the recipient's device id and binding, {@code
 * signed_at_ms}, the exact signed message, a signature that verifies over it, and the whole
 * plaintext ({@code sig_len | signature | ns_len | ns | id_len | id | signed_at_ms | meta_len |
 * meta | data}). ML-DSA signing is hedged: the signature bytes are reproducible only because the
 * test feeds the pinned stream; the test pins verification and layout independently of that.
 */
final class KnownAnswer {

  /** The four pinned cases, by file name under {@code src/test/resources/kat/}. */
  enum Case {
    SUITE_1("suite1.properties"),
    SUITE_1_SIGNED("suite1-signed.properties"),
    SUITE_2("suite2.properties"),
    SUITE_3("suite3.properties");

    final String fileName;

    Case(String fileName) {
      this.fileName = fileName;
    }
  }

  private static final HexFormat HEX = HexFormat.of();

  private final Map<String, String> values;

  KnownAnswer(Map<String, String> values) {
    this.values = values;
  }

  static KnownAnswer load(Case known) {
    Properties properties = new Properties();
    try (InputStream in = KnownAnswer.class.getResourceAsStream("/kat/" + known.fileName)) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> values = new java.util.HashMap<>();
    properties
        .stringPropertyNames()
        .forEach(name -> values.put(name, properties.getProperty(name)));
    return new KnownAnswer(values);
  }

  String get(String key) {
    String value = values.get(key);
    if (value == null) {
      throw new IllegalStateException("known-answer file lacks " + key);
    }
    return value;
  }

  byte[] hex(String key) {
    return HEX.parseHex(get(key));
  }

  int suite() {
    return Integer.parseInt(get("suite"));
  }

  boolean signed() {
    return Boolean.parseBoolean(get("signed"));
  }

  DeviceKeys keys(String role) {
    return DeviceKeys.of(KeyFile.decode(hex(role + ".key_file")));
  }

  Mnemonic phrase() {
    return Mnemonic.fromEntropy(hex("drop.entropy"));
  }

  FileInfo file() {
    return new FileInfo(get("file.name"), hex("data").length, get("file.type"));
  }

  Recipient recipient() {
    return switch (suite()) {
      case 1 -> Recipient.device(keys("recipient").publicKeys());
      case 2 ->
          Recipient.password(
              get("password").toCharArray(),
              new KdfParameters(
                  Integer.parseInt(get("kdf.m_kib")),
                  Integer.parseInt(get("kdf.t")),
                  Integer.parseInt(get("kdf.p"))));
      case 3 -> Recipient.drop(phrase());
      default -> throw new IllegalStateException("suite " + suite());
    };
  }

  Credential credential() {
    return switch (suite()) {
      case 1 -> Credential.device(keys("recipient"));
      case 2 -> Credential.password(get("password").toCharArray());
      case 3 -> Credential.drop(phrase());
      default -> throw new IllegalStateException("suite " + suite());
    };
  }

  /** The receiver's view of the signed case: its namespace and id, and the sender's keys. */
  SenderDirectory senders() {
    return signed()
        ? SenderDirectory.of(
            get("sender.namespace"),
            get("recipient.device_id"),
            Map.of(get("sender.device_id"), keys("sender").publicKeys()))
        : SenderDirectory.none();
  }

  /** How the sender of the signed case signs: as its namespace and id, for the recipient. */
  Signing signing() {
    return new Signing(
        keys("sender"),
        get("sender.namespace"),
        get("sender.device_id"),
        hex("recipient.binding"),
        Long.parseLong(get("signed_at_ms")));
  }

  /** The authenticated plaintext of a sealed suite-1 blob, opened with the recipient's keys. */
  byte[] plaintext(ByteBuffer blob) {
    BlobHeader header = BlobHeader.parse(blob);
    byte[] plaintext = new byte[header.plaintextLength()];
    try (SessionKey key = KeySchedule.hybridOpen(keys("recipient").privateKeys(), header)) {
      javax.crypto.Cipher gcm = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(javax.crypto.Cipher.DECRYPT_MODE, key.aesKey(), key.gcmParameters());
      gcm.updateAAD(header.encoded());
      gcm.doFinal(
          blob.duplicate().slice(header.length(), header.ciphertextLength()),
          ByteBuffer.wrap(plaintext));
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
    return plaintext;
  }

  /** Seals the pinned inputs with the pinned randomness; the result is flipped, ready to read. */
  ByteBuffer seal() {
    Envelope envelope = new Envelope(new DeterministicRandom(hex("randomness_seed")));
    FileId fileId = FileId.of(hex("file_id"));
    ChunkMeta meta = ChunkMeta.first(1, file());
    ByteBuffer data = ByteBuffer.wrap(hex("data"));
    ByteBuffer blob = Blob.allocate();
    if (signed()) {
      envelope.seal(recipient(), fileId, meta, data, signing(), blob);
    } else {
      envelope.seal(recipient(), fileId, meta, data, blob);
    }
    return blob.flip();
  }
}
