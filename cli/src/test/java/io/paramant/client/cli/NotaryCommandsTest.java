package io.paramant.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.client.testing.FakeRelay;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code paramant notary FILE --sign --receipt} against a relay in the test's JVM ({@link
 * FakeRelay}, which checks {@code POST /v2/notary} as docs/notary.md has a relay check it), and
 * {@code paramant notary verify FILE RECEIPT} offline on what it wrote: exit 0 and its lines, 9 for
 * a changed document, 10 for a receipt that does not verify or parse, one line each.
 */
class NotaryCommandsTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir Path temp;

  private FakeRelay relay;
  private Path deed;

  private record Run(int exit, String out, String err) {}

  @BeforeEach
  void start() throws IOException {
    relay = FakeRelay.start(temp.resolve("relay"));
    deed = temp.resolve("deed.pdf");
    byte[] content = new byte[200_000];
    RANDOM.nextBytes(content);
    Files.write(deed, content);
    succeeds(as("alice", "keys", "register"));
  }

  @AfterEach
  void stop() {
    relay.close();
  }

  @Test
  void notary_writes_the_receipt_and_verify_prints_what_it_proves() throws IOException {
    Run signed = succeeds(as("alice", "notary", deed.toString(), "--sign", "--receipt"));
    Path receipt = temp.resolve("deed.pdf.receipt.json");
    Run verified = succeeds(verify(deed, receipt));

    List<String> lines = signed.out().lines().toList();
    assertEquals(5, lines.size(), signed::toString);
    assertTrue(lines.get(0).matches("notarised " + deed + " sha256 [0-9a-f]{64}"), lines::toString);
    assertTrue(
        lines.get(1).matches("signer account:tester/alice fingerprint [0-9a-f]{64}"),
        lines::toString);
    assertTrue(lines.get(2).startsWith("signed_at 20"), lines::toString);
    assertTrue(lines.get(3).matches("ct_index 1 sector main inserted_at .*"), lines::toString);
    assertTrue(
        lines.get(4).matches("receipt " + receipt + " tree_size 2 cosignatures 0"),
        lines::toString);
    assertTrue(Files.exists(receipt));

    List<String> checked = verified.out().lines().toList();
    assertEquals(7, checked.size(), verified::toString);
    assertEquals(lines.get(0).replace("notarised", "verified"), checked.get(0));
    assertEquals(lines.get(1), checked.get(1));
    assertEquals(lines.get(2), checked.get(2));
    assertTrue(checked.get(3).startsWith("inserted_at "), checked::toString);
    assertEquals("sector main", checked.get(4));
    assertTrue(
        checked.get(5).matches("ct_index 1 pubkey_ct_index 0 tree_size 2 log_key_id [0-9a-f]{64}"),
        checked::toString);
    assertEquals("witnesses none configured, no cosignature checked", checked.get(6));
    assertEquals("", verified.err());
  }

  @Test
  void a_changed_document_is_exit_9_and_a_changed_receipt_exit_10_in_one_line() throws IOException {
    succeeds(as("alice", "notary", deed.toString(), "--sign", "--receipt"));
    Path receipt = temp.resolve("deed.pdf.receipt.json");
    Path copy = temp.resolve("copy.pdf");
    byte[] bytes = Files.readAllBytes(deed);
    bytes[1000] ^= 0x40;
    Files.write(copy, bytes);
    String text = Files.readString(receipt, StandardCharsets.UTF_8);
    int at = text.indexOf("\"signature\"") + "\"signature\": \"".length() + 50;
    char was = text.charAt(at);
    Path edited = temp.resolve("edited.json");
    Files.writeString(
        edited, text.substring(0, at) + (was == 'A' ? 'B' : 'A') + text.substring(at + 1));
    Path garbage = temp.resolve("garbage.json");
    Files.writeString(garbage, "not json");

    Run changed = verify(copy, receipt);
    Run invalid = verify(deed, edited);
    Run unparseable = verify(deed, garbage);

    assertEquals(10, changed.exit(), changed::toString);
    assertEquals(1, changed.err().lines().count(), changed::toString);
    assertTrue(
        changed.err().startsWith("paramant notary verify: document changed: " + copy),
        changed::toString);
    assertEquals("", changed.out());
    assertEquals(11, invalid.exit(), invalid::toString);
    assertEquals(1, invalid.err().lines().count(), invalid::toString);
    assertTrue(
        invalid
            .err()
            .startsWith(
                "paramant notary verify: receipt invalid: the signature does not verify with the"
                    + " signer's ML-DSA-65 key"),
        invalid::toString);
    assertEquals(11, unparseable.exit(), unparseable::toString);
    assertEquals(
        "paramant notary verify: receipt unparseable: "
            + garbage
            + ": not one JSON object with distinct keys\n",
        unparseable.err());
  }

  @Test
  void an_existing_receipt_is_kept_unless_forced() throws IOException {
    Path receipt = temp.resolve("deed.pdf.receipt.json");
    Files.writeString(receipt, "mine");

    Run refused = as("alice", "notary", deed.toString(), "--sign", "--receipt");
    assertEquals(4, refused.exit(), refused::toString);
    assertEquals(
        "paramant notary: " + receipt + ": a receipt exists already (give --force to replace it)\n",
        refused.err());
    assertEquals("mine", Files.readString(receipt));
    assertEquals(List.of(), relay.notarised(), "nothing was signed");

    succeeds(as("alice", "notary", deed.toString(), "--sign", "--receipt", "--force"));
    succeeds(verify(deed, receipt));
  }

  @Test
  void notary_and_verify_without_their_arguments_are_usage_errors() {
    for (String[] args :
        List.of(
            new String[] {"notary"},
            new String[] {"notary", deed.toString()},
            new String[] {"notary", deed.toString(), "--sign"},
            new String[] {"notary", "verify", deed.toString()},
            new String[] {"notary", "verify", "a", "b", "--quorum", "1"})) {
      Run usage = run(args);
      assertEquals(2, usage.exit(), usage::toString);
      assertEquals(1, usage.err().lines().count(), usage::toString);
      assertEquals("", usage.out());
    }
  }

  private Run verify(Path file, Path receipt) {
    return run(
        "notary",
        "verify",
        file.toString(),
        receipt.toString(),
        "--relay",
        relay.uri().toString(),
        "--state-dir",
        temp.resolve("alice").toString());
  }

  private Run as(String device, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--relay",
            relay.uri().toString(),
            "--key",
            FakeRelay.API_KEY,
            "--device",
            device,
            "--state-dir",
            temp.resolve(device).toString()));
    return run(all.toArray(String[]::new));
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Paramant.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private static Run succeeds(Run run) {
    assertEquals(0, run.exit(), run::toString);
    return run;
  }
}
