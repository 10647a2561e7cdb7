package io.paramant.client.internal.envelope;

import io.paramant.client.DeviceKeys;
import io.paramant.client.Mnemonic;
import io.paramant.client.PublicKeys;
import io.paramant.client.internal.crypto.Digests;
import io.paramant.client.internal.keys.KeyFile;
import io.paramant.client.internal.keys.PrivateKeys;
import io.paramant.client.testing.DeterministicRandom;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wrote the known-answer files under {@code src/test/resources/kat/}, once. Run from the repository
 * root:
 *
 * <pre>
 * mvn -B -f sdk/pom.xml test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.paramant.client.internal.envelope.KnownAnswerWriter \
 *     -Dexec.args="sdk/src/test/resources/kat [CASE...]"
 * </pre>
 *
 * Without case names it writes all four. It refuses to overwrite a file: regenerating the answers
 * whenever the bytes change would defeat them. Only a deliberate format change (a new suite
 * version) deletes and rewrites them, with the reason in the commit.
 *
 * <p>All inputs derive from fixed labels, so this program is itself reproducible: keys from a
 * SHAKE256 stream of SHA-256(label), the file id and randomness seed from SHA-256 of their labels.
 */
public final class KnownAnswerWriter {

  private static final HexFormat HEX = HexFormat.of();
  private static final String DATA =
      "Paramant known-answer plaintext.\nDo not change: the blob hash pins these bytes.\n";

  private KnownAnswerWriter() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      throw new IllegalArgumentException("usage: KnownAnswerWriter <directory> [CASE...]");
    }
    Path directory = Path.of(args[0]);
    java.util.Set<String> only = java.util.Set.of(args);
    for (KnownAnswer.Case known : KnownAnswer.Case.values()) {
      if (args.length == 1 || only.contains(known.name())) {
        write(directory, known, values(known));
      }
    }
  }

  private static Map<String, String> values(KnownAnswer.Case known) {
    return switch (known) {
      case SUITE_1 -> hybrid(false);
      case SUITE_1_SIGNED -> hybrid(true);
      case SUITE_2 -> password();
      case SUITE_3 -> drop();
    };
  }

  private static Map<String, String> hybrid(boolean signed) {
    Map<String, String> values = common(signed ? "suite1-signed" : "suite1", 1, signed);
    keys(values, "recipient");
    if (signed) {
      keys(values, "sender");
      values.put("sender.namespace", "account:kat");
      values.put("sender.device_id", "kat-sender");
      values.put("recipient.device_id", "kat-recipient");
      values.put(
          "recipient.binding",
          HEX.formatHex(io.paramant.ct.entry.DeviceBinding.of("account:kat", "kat-recipient")));
      values.put("signed_at_ms", "1764144000000");
    }
    return values;
  }

  private static Map<String, String> password() {
    Map<String, String> values = common("suite2", 2, false);
    values.put("password", "correct horse battery staple");
    // The cheapest allowed parameters keep the test fast; the defaults are exercised elsewhere.
    values.put("kdf.m_kib", String.valueOf(KdfParameters.MINIMUM.memoryKib()));
    values.put("kdf.t", String.valueOf(KdfParameters.MINIMUM.iterations()));
    values.put("kdf.p", String.valueOf(KdfParameters.MINIMUM.parallelism()));
    return values;
  }

  private static Map<String, String> drop() {
    Map<String, String> values = common("suite3", 3, false);
    Mnemonic phrase =
        Mnemonic.fromEntropy(java.util.Arrays.copyOf(label("paramant-kat/drop-entropy"), 16));
    values.put("drop.entropy", HEX.formatHex(phrase.entropy()));
    values.put("drop.phrase", phrase.phrase());
    values.put("drop.id", phrase.dropId());
    return values;
  }

  private static Map<String, String> common(String name, int suite, boolean signed) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("suite", String.valueOf(suite));
    values.put("signed", String.valueOf(signed));
    values.put("randomness_seed", HEX.formatHex(label("paramant-kat/" + name + "/randomness")));
    values.put(
        "file_id",
        HEX.formatHex(java.util.Arrays.copyOf(label("paramant-kat/" + name + "/file-id"), 16)));
    values.put("file.name", "known-answer.txt");
    values.put("file.type", "text/plain");
    values.put("data", HEX.formatHex(DATA.getBytes(StandardCharsets.UTF_8)));
    return values;
  }

  private static void keys(Map<String, String> values, String role) {
    PrivateKeys keys =
        PrivateKeys.generate(new DeterministicRandom(label("paramant-kat/" + role + "-keys")));
    PublicKeys publicKeys = keys.publicKeys();
    values.put(role + ".key_file", HEX.formatHex(KeyFile.encode(keys)));
    values.put(role + ".ml_kem_public", publicKeys.mlKemHex());
    values.put(role + ".p256_public", publicKeys.ecdhHex());
    values.put(role + ".ml_dsa_public", publicKeys.mlDsaHex().orElseThrow());
    values.put(role + ".fingerprint", publicKeys.fingerprint());
    values.put(role + ".did", DeviceKeys.of(keys).did());
  }

  private static void write(Path directory, KnownAnswer.Case known, Map<String, String> values)
      throws IOException {
    KnownAnswer answer = new KnownAnswer(values);
    var blob = answer.seal();
    BlobHeader header = BlobHeader.parse(blob);
    values.put("expected.header", HEX.formatHex(header.encoded()));
    values.put("expected.blob_sha256", Blob.sha256Hex(blob));
    if (answer.signed()) {
      byte[] plaintext = answer.plaintext(blob);
      SignatureBlock block = SignatureBlock.read(java.nio.ByteBuffer.wrap(plaintext));
      byte[] rest = java.util.Arrays.copyOfRange(plaintext, block.length(), plaintext.length);
      values.put("expected.rest", HEX.formatHex(rest));
      values.put("expected.plaintext", HEX.formatHex(plaintext));
      values.put("expected.signature", HEX.formatHex(block.signature()));
      values.put(
          "expected.signed_message",
          HEX.formatHex(
              block.message(
                  HEX.parseHex(values.get("recipient.binding")),
                  Digests.sha256(header.encoded()),
                  Digests.sha256(rest))));
    }

    StringBuilder file =
        new StringBuilder()
            .append("# Paramant known-answer test: ")
            .append(known.name())
            .append('\n')
            .append("# Written once by KnownAnswerWriter; never regenerate to make a test pass.\n")
            .append(
                "# The 5 MiB blob is not stored: the test re-seals it from these inputs and compares.\n");
    values.forEach((key, value) -> file.append(key).append('=').append(value).append('\n'));
    Files.createDirectories(directory);
    Files.writeString(
        directory.resolve(known.fileName),
        file,
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE_NEW);
  }

  private static byte[] label(String label) {
    return Digests.sha256(label.getBytes(StandardCharsets.US_ASCII));
  }
}
