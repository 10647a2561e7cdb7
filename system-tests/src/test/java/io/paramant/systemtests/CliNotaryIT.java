package io.paramant.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code paramant notary FILE --sign --receipt} and {@code paramant notary verify FILE RECEIPT} as
 * people run them: {@code bin/paramant} as a process per command against the real relay, with the
 * deployment's sibling sector iot pinned as the witness of main's log ({@code
 * $PARAMANT_WITNESSES}), exactly as {@link CliDidIT} runs it. The receipt is written once a tree
 * head covering the notary leaf has iot's cosignature; the wait is printed. The receipt verifies
 * offline (exit 0, its lines), also for a second party that pinned the log and witness keys with
 * {@code paramant verify}; a copy of the document with one changed byte is exit 10, a receipt with
 * one changed byte exit 11, each one line. What the relay itself enforces is {@link NotaryIT}'s.
 */
class CliNotaryIT {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final HexFormat HEX = HexFormat.of();

  private final URI relay = Deployment.baseUri(Deployment.MAIN);
  private final URI witness = Deployment.baseUri(Deployment.IOT);
  private final TestAccount account = Deployment.newAccount("pro");
  private final String key = account.apiKey();
  private final String suffix = UUID.randomUUID().toString().substring(0, 8);

  @TempDir Path temp;

  private record Run(int exit, String out, String err) {}

  @Test
  void a_document_is_notarised_its_receipt_verifies_offline_and_one_changed_byte_is_caught()
      throws IOException {
    succeeds(paramant("alice", "keys", "register"));
    Path deed = temp.resolve("deed.pdf");
    byte[] content = new byte[1_500_000];
    RANDOM.nextBytes(content);
    Files.write(deed, content);
    Path receipt = temp.resolve("deed.pdf.receipt.json");

    long start = System.nanoTime();
    Run signed = succeeds(paramant("alice", "notary", deed.toString(), "--sign", "--receipt"));
    long waitedMillis = (System.nanoTime() - start) / 1_000_000;
    System.out.println(
        "CliNotaryIT: paramant notary --sign --receipt took "
            + waitedMillis
            + " ms, the wait for a head with iot's cosignature included");

    String sha256 = sha256(content);
    String namespace = "account:" + account.label();
    List<String> lines = signed.out().lines().toList();
    assertEquals(5, lines.size(), signed::toString);
    assertEquals("notarised " + deed + " sha256 " + sha256, lines.get(0));
    assertTrue(
        lines
            .get(1)
            .matches("signer " + namespace + "/" + id("alice") + " fingerprint [0-9a-f]{64}"),
        signed::toString);
    assertTrue(lines.get(2).matches("signed_at \\d{4}-\\d\\d-\\d\\dT.*Z"), signed::toString);
    assertTrue(
        lines.get(3).matches("ct_index \\d+ sector " + Deployment.MAIN + " inserted_at .*Z"),
        signed::toString);
    assertEquals(
        "receipt " + receipt + " tree_size ", lines.get(4).replaceAll("\\d+ cosignatures 1$", ""));
    assertTrue(Files.exists(receipt));
    jakarta.json.JsonObject json =
        jakarta.json.Json.createReader(new java.io.StringReader(Files.readString(receipt)))
            .readObject();
    long insertedAt = json.getJsonObject("notary_leaf").getJsonNumber("inserted_at").longValue();
    long cosignedAt =
        json.getJsonObject("sth")
            .getJsonArray("cosignatures")
            .getJsonObject(0)
            .getJsonNumber("cosigned_at")
            .longValue();
    System.out.println(
        "CliNotaryIT: the receipt's head was cosigned "
            + (cosignedAt - insertedAt)
            + " ms after the notary leaf was logged (signed_at to inserted_at: "
            + (insertedAt - json.getJsonNumber("signed_at_ms").longValue())
            + " ms)");
    assertTrue(
        Files.readString(receipt).startsWith("{\n    \"paramant_notary_receipt\": 1,"),
        "the receipt of docs/notary.md");

    Run verified =
        succeeds(paramant("alice", "notary", "verify", deed.toString(), receipt.toString()));
    List<String> checked = verified.out().lines().toList();
    assertEquals(7, checked.size(), verified::toString);
    assertEquals("verified " + deed + " sha256 " + sha256, checked.get(0));
    assertEquals(lines.get(1), checked.get(1), "signer: namespace/device id and fingerprint");
    assertEquals(lines.get(2), checked.get(2));
    String ctIndex = lines.get(3).split(" ")[1];
    assertTrue(
        checked
            .get(5)
            .matches(
                "ct_index "
                    + ctIndex
                    + " pubkey_ct_index \\d+ tree_size \\d+ log_key_id [0-9a-f]{64}"),
        verified::toString);
    assertEquals("inserted_at " + lines.get(3).replaceAll(".* inserted_at ", ""), checked.get(3));
    assertEquals("sector " + Deployment.MAIN, checked.get(4));
    assertTrue(
        checked.get(6).matches("cosigned witness_key_id [0-9a-f]{64} cosigned_at .*Z"),
        verified::toString);
    assertEquals("", verified.err(), verified::toString);

    // a second party: pins main's log key and iot's witness key once (network), then verifies
    // offline
    succeeds(paramant(null, "verify", "--relay", relay.toString()));
    Run second = succeeds(paramant(null, "notary", "verify", deed.toString(), receipt.toString()));
    assertEquals(verified.out(), second.out());

    Path copy = temp.resolve("copy-of-deed.pdf");
    byte[] changed = content.clone();
    changed[content.length / 3] ^= 0x01;
    Files.write(copy, changed);
    Run documentChanged =
        paramant("alice", "notary", "verify", copy.toString(), receipt.toString());
    assertEquals(10, documentChanged.exit(), documentChanged::toString);
    assertEquals("", documentChanged.out());
    assertEquals(
        "paramant notary verify: document changed: "
            + copy
            + " has SHA-256 "
            + sha256(changed)
            + ", the receipt notarises "
            + sha256
            + " (signed by "
            + namespace
            + "/"
            + id("alice")
            + ")\n",
        documentChanged.err());

    Path edited = temp.resolve("edited.receipt.json");
    String text = Files.readString(receipt, StandardCharsets.UTF_8);
    int at = text.indexOf("\"signature\": \"") + "\"signature\": \"".length() + 100;
    Files.writeString(
        edited,
        text.substring(0, at) + (text.charAt(at) == 'A' ? 'B' : 'A') + text.substring(at + 1));
    Run receiptInvalid = paramant("alice", "notary", "verify", deed.toString(), edited.toString());
    assertEquals(11, receiptInvalid.exit(), receiptInvalid::toString);
    assertEquals("", receiptInvalid.out());
    assertEquals(1, receiptInvalid.err().lines().count(), receiptInvalid::toString);
    assertTrue(
        receiptInvalid
            .err()
            .startsWith(
                "paramant notary verify: receipt invalid: the signature does not verify with the"
                    + " signer's ML-DSA-65 key over document "
                    + sha256),
        receiptInvalid::toString);

    // the receipt is not written over
    Run again = paramant("alice", "notary", deed.toString(), "--sign", "--receipt");
    assertEquals(4, again.exit(), again::toString);
    assertEquals(
        "paramant notary: " + receipt + ": a receipt exists already (give --force to replace it)\n",
        again.err());
  }

  @Test
  void a_device_notarises_by_its_did_and_the_receipt_verifies() throws IOException {
    succeeds(paramant("bob", "did", "register"));
    Path lease = temp.resolve("lease.txt");
    Files.writeString(lease, "The tenant shall water the plants.\n");

    Run signed =
        succeeds(
            paramant("bob", "notary", lease.toString(), "--sign", "--receipt", "--auth", "did"));
    Run verified =
        succeeds(
            paramant(
                "bob",
                "notary",
                "verify",
                lease.toString(),
                temp.resolve("lease.txt.receipt.json").toString()));

    assertTrue(
        signed.out().contains("\nsigner account:" + account.label() + "/" + id("bob") + " "),
        signed::toString);
    assertEquals(
        signed.out().lines().toList().get(1), verified.out().lines().toList().get(1), "signer");
  }

  // ------------------------------------------------------------------------------------------------

  private String id(String device) {
    return device + "-" + suffix;
  }

  /**
   * Runs {@code bin/paramant ARGS} as {@code device} (its own state directory, the account's key
   * and its device id in the environment), or with neither key nor device when {@code device} is
   * null; iot is the witness of main's log for every command.
   */
  private Run paramant(String device, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Deployment.repoRoot().resolve("bin/paramant").toString());
    command.addAll(List.of(args));
    command.addAll(
        List.of("--state-dir", temp.resolve(device != null ? device : "anonymous").toString()));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("PARAMANT_"));
    env.put("PARAMANT_RELAY", relay.toString());
    env.put("PARAMANT_WITNESSES", witness.toString());
    if (device != null) {
      env.put("PARAMANT_KEY", key);
      env.put("PARAMANT_DEVICE", id(device));
    }
    try {
      Path out = Files.createTempFile(temp, "paramant-", ".out");
      Path err = Files.createTempFile(temp, "paramant-", ".err");
      Process process =
          builder
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      if (!process.waitFor(8, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("paramant " + String.join(" ", args) + " did not finish");
      }
      return new Run(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Run succeeds(Run run) {
    assertEquals(0, run.exit(), run::toString);
    return run;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
