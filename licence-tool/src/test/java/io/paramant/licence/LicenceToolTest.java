package io.paramant.licence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LicenceToolTest {

  @TempDir Path dir;

  private ByteArrayOutputStream out = new ByteArrayOutputStream();
  private ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void keygen_writes_the_private_key_with_mode_600_and_prints_the_public_key() throws Exception {
    Path file = dir.resolve("vendor.key");

    assertEquals(0, run("keygen", "--private-key-file", file.toString()));

    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    byte[] pkcs8 = Base64.getDecoder().decode(Files.readString(file).strip());
    KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    String publicKey = out().strip();
    assertEquals(1, out().lines().count());
    LicenceVerifier.fromPublicKey(publicKey);
    assertEquals(
        "Wrote the private key to "
            + file
            + " (mode 600). The public key above is the value of PARAMANT_LICENCE_PUBLIC_KEY.\n",
        err());
  }

  @Test
  void keygen_never_overwrites_a_file() throws IOException {
    Path file = dir.resolve("vendor.key");
    Files.writeString(file, "the old key\n");

    assertEquals(1, run("keygen", "--private-key-file", file.toString()));

    assertEquals("the old key\n", Files.readString(file));
    assertEquals("", out());
    assertEquals("paramant licence keygen: " + file + " exists; it is not overwritten\n", err());
  }

  @Test
  void keygen_into_a_missing_directory_fails() {
    Path file = dir.resolve("missing/vendor.key");

    assertEquals(1, run("keygen", "--private-key-file", file.toString()));

    assertEquals("paramant licence keygen: cannot create " + file + ": no such directory\n", err());
  }

  @Test
  void issue_then_verify_round_trips_the_fields() {
    Path file = dir.resolve("vendor.key");
    assertEquals(0, run("keygen", "--private-key-file", file.toString()));
    String publicKey = out().strip();

    assertEquals(
        0,
        run(
            "issue",
            "--private-key-file",
            file.toString(),
            "--to",
            "ACME GmbH",
            "--expires",
            "2099-01-01",
            "--max-users=25"));
    String token = out().strip();
    assertTrue(token.startsWith("plk_"), token);
    assertEquals("", err());

    assertEquals(0, run("verify", "--public-key", publicKey, token));

    String[] lines = out().split("\n");
    assertEquals(6, lines.length, out());
    assertEquals("valid licence", lines[0]);
    assertTrue(lines[1].matches("id: [0-9a-f-]{36}"), lines[1]);
    assertEquals("issued to: ACME GmbH", lines[2]);
    assertTrue(lines[3].startsWith("issued at: "), lines[3]);
    assertEquals("expires: 2099-01-01T00:00:00Z", lines[4]);
    assertEquals("max users: 25", lines[5]);
    assertEquals("", err());
  }

  @Test
  void issue_takes_an_instant_as_expiry_and_warns_about_a_key_file_others_can_read()
      throws Exception {
    Path file = dir.resolve("vendor.key");
    assertEquals(0, run("keygen", "--private-key-file", file.toString()));
    LicenceVerifier verifier = LicenceVerifier.fromPublicKey(out().strip());
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    assertEquals(
        0,
        run(
            "issue",
            "--private-key-file=" + file,
            "--to=ACME",
            "--expires=2099-06-30T12:00:00Z",
            "--max-users=3"));

    assertEquals(
        "warning: "
            + file
            + " has mode rw-r--r--; a private key should be readable by its owner only"
            + " (chmod 600)\n",
        err());
    Licence licence = verifier.verify(out().strip(), Instant.now());
    assertEquals(Instant.parse("2099-06-30T12:00:00Z"), licence.expires());
    assertEquals(3, licence.maxUsers());
  }

  @Test
  void verify_of_a_token_signed_by_another_key_exits_1_with_the_reason() {
    String token =
        LicenceIssuer.issue(
            Tokens.VENDOR.getPrivate(), "ACME", Instant.parse("2099-01-01T00:00:00Z"), 5);
    String otherKey = Tokens.publicKey(LicenceIssuer.generateKeyPair());

    assertEquals(1, run("verify", "--public-key", otherKey, token));

    assertEquals("", out());
    assertEquals(
        "paramant licence verify: invalid licence (BAD_SIGNATURE): "
            + "the licence signature does not verify against the licence public key\n",
        err());
  }

  @Test
  void verify_of_an_expired_token_exits_1_with_the_reason() {
    String token = Tokens.signed(Tokens.payload("2025-06-01T00:00:00Z", 5));

    assertEquals(1, run("verify", "--public-key", Tokens.VENDOR_PUBLIC_KEY, token));

    assertEquals(
        "paramant licence verify: invalid licence (EXPIRED): the licence "
            + "0f9c6a5e-4b7d-4a43-9a53-3c1b2f3e8d11 expired at 2025-06-01T00:00:00Z\n",
        err());
  }

  @Test
  void verify_of_a_malformed_token_exits_1_with_the_reason() {
    assertEquals(1, run("verify", "--public-key", Tokens.VENDOR_PUBLIC_KEY, "plk_nonsense"));

    assertEquals(
        "paramant licence verify: invalid licence (MALFORMED): "
            + "the licence token is not of the form plk_<payload>.<signature>\n",
        err());
  }

  @Test
  void issue_with_a_missing_key_file_exits_1() {
    Path file = dir.resolve("none.key");

    assertEquals(
        1,
        run(
            "issue",
            "--private-key-file",
            file.toString(),
            "--to",
            "ACME",
            "--expires",
            "2099-01-01",
            "--max-users",
            "5"));

    assertEquals("paramant licence issue: cannot read " + file + ": no such file\n", err());
  }

  @Test
  void issue_with_a_file_that_is_not_a_key_exits_1() throws IOException {
    Path file = dir.resolve("vendor.key");
    Files.writeString(file, Tokens.VENDOR_PUBLIC_KEY); // the public key, by mistake
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

    assertEquals(
        1,
        run(
            "issue",
            "--private-key-file",
            file.toString(),
            "--to",
            "ACME",
            "--expires",
            "2099-01-01",
            "--max-users",
            "5"));

    assertEquals(
        "paramant licence issue: " + file + " does not hold a base64 PKCS#8 Ed25519 private key\n",
        err());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "frobnicate",
        "keygen",
        "keygen --private-key-file",
        "keygen --private-key-file a b",
        "keygen --private-key-file a --private-key-file b",
        "keygen --force --private-key-file a",
        "issue --private-key-file k --expires 2099-01-01 --max-users 5",
        "issue --private-key-file k --to ACME --expires 2099-13-01 --max-users 5",
        "issue --private-key-file k --to ACME --expires tomorrow --max-users 5",
        "issue --private-key-file k --to ACME --expires 2020-01-01 --max-users 5",
        "issue --private-key-file k --to ACME --expires 2099-01-01 --max-users 0",
        "issue --private-key-file k --to ACME --expires 2099-01-01 --max-users many",
        "issue --private-key-file k --to ACME --expires 2099-01-01",
        "verify plk_x.y",
        "verify --public-key AAAA plk_x.y",
        "verify --public-key " + "MCowBQYDK2VwAyEA",
      })
  void wrong_arguments_exit_2_with_one_line_on_stderr(String args) {
    String[] split = args.isEmpty() ? new String[0] : args.split(" ");

    assertEquals(2, run(split));

    assertEquals("", out());
    if (!args.isEmpty()) {
      assertEquals(1, err().lines().count(), err());
      assertTrue(err().startsWith("paramant licence"), err());
      assertTrue(err().endsWith(" --help')\n"), err());
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "--help",
        "-h",
        "help",
        "keygen --help",
        "issue --help",
        "verify -h",
        "verify --help plk_x.y"
      })
  void every_command_has_help_with_the_exit_codes(String args) {
    assertEquals(0, run(args.split(" ")));

    assertTrue(out().startsWith("Usage: paramant licence"), out());
    assertTrue(out().contains("\nExit codes:\n  0   done\n  1   invalid licence"), out());
    assertTrue(out().contains("\n  2   wrong arguments\n"), out());
    assertEquals("", err());
  }

  private int run(String... args) {
    out = new ByteArrayOutputStream();
    err = new ByteArrayOutputStream();
    return LicenceTool.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
