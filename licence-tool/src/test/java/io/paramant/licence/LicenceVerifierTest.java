package io.paramant.licence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.paramant.licence.LicenceException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class LicenceVerifierTest {

  private static final Instant NOW = Instant.now();
  private static final Instant EXPIRES =
      NOW.plus(Duration.ofDays(365)).truncatedTo(ChronoUnit.SECONDS);

  private final LicenceVerifier verifier = LicenceVerifier.fromPublicKey(Tokens.VENDOR_PUBLIC_KEY);

  @Test
  void an_issued_licence_verifies_with_its_fields() throws LicenceException {
    Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String token = LicenceIssuer.issue(Tokens.VENDOR.getPrivate(), "ACME GmbH", EXPIRES, 50);

    Licence licence = verifier.verify(token, NOW);

    assertEquals("ACME GmbH", licence.issuedTo());
    assertEquals(EXPIRES, licence.expires());
    assertEquals(50, licence.maxUsers());
    assertEquals(licence.id(), UUID.fromString(licence.id()).toString());
    assertFalse(licence.issuedAt().isBefore(before));
    assertFalse(licence.issuedAt().isAfter(Instant.now()));
    assertTrue(token.startsWith("plk_"), token);
    assertTrue(token.length() < 400, "a compact token: " + token.length());
  }

  @Test
  void names_with_quotes_and_non_ascii_letters_round_trip() throws LicenceException {
    String name = "Zürich \"Ω\" \\ Ltd 😀";
    String token = LicenceIssuer.issue(Tokens.VENDOR.getPrivate(), name, EXPIRES, 1);

    assertEquals(name, verifier.verify(token, NOW).issuedTo());
  }

  @Test
  void an_expired_licence_is_refused_as_expired_from_its_expiry_on() throws LicenceException {
    String token = LicenceIssuer.issue(Tokens.VENDOR.getPrivate(), "ACME GmbH", EXPIRES, 5);

    assertEquals(EXPIRES, verifier.verify(token, EXPIRES.minusNanos(1)).expires());
    assertEquals(Reason.EXPIRED, refusal(token, EXPIRES).reason());
    LicenceException later = refusal(token, EXPIRES.plusSeconds(1));
    assertEquals(Reason.EXPIRED, later.reason());
    assertTrue(later.getMessage().endsWith(" expired at " + EXPIRES), later.getMessage());
  }

  @Test
  void a_payload_changed_after_signing_is_refused_as_bad_signature() {
    String token = LicenceIssuer.issue(Tokens.VENDOR.getPrivate(), "ACME GmbH", EXPIRES, 5);
    String json = Tokens.payloadOf(token);
    String raised = json.replace("\"max_users\":5", "\"max_users\":9");
    assertFalse(raised.equals(json));

    assertEquals(Reason.BAD_SIGNATURE, refusal(Tokens.withPayload(token, raised), NOW).reason());
  }

  @Test
  void a_payload_is_parsed_only_once_its_signature_verifies() {
    String token = LicenceIssuer.issue(Tokens.VENDOR.getPrivate(), "ACME GmbH", EXPIRES, 5);

    assertEquals(
        Reason.BAD_SIGNATURE, refusal(Tokens.withPayload(token, "not json"), NOW).reason());
  }

  @Test
  void a_flipped_character_in_the_payload_or_signature_is_refused_as_bad_signature() {
    String token = LicenceIssuer.issue(Tokens.VENDOR.getPrivate(), "ACME GmbH", EXPIRES, 5);
    int dot = token.indexOf('.');
    // Positions inside the encodings (not the last character, whose low bits may be unused).
    for (int position : new int[] {4, 10, dot - 2, dot + 1, dot + 20, token.length() - 2}) {
      char flipped = token.charAt(position) == 'A' ? 'B' : 'A';
      String tampered = token.substring(0, position) + flipped + token.substring(position + 1);

      assertEquals(Reason.BAD_SIGNATURE, refusal(tampered, NOW).reason(), "at " + position);
    }
  }

  @Test
  void a_token_signed_by_another_key_is_refused_as_bad_signature() throws Exception {
    KeyPair other = LicenceIssuer.generateKeyPair();
    String token = LicenceIssuer.issue(other.getPrivate(), "ACME GmbH", EXPIRES, 5);

    assertEquals(Reason.BAD_SIGNATURE, refusal(token, NOW).reason());
    assertEquals(
        "ACME GmbH",
        LicenceVerifier.fromPublicKey(Tokens.publicKey(other)).verify(token, NOW).issuedTo());
  }

  /** Each variant breaks one rule of the form, with a well-formed remainder around it. */
  static Stream<Arguments> wrongForms() {
    String token = Tokens.signed(Tokens.payload("2099-01-01T00:00:00Z", 5));
    int dot = token.indexOf('.');
    String payload = token.substring(4, dot);
    String signature = token.substring(dot + 1);
    String notBase64url = "the licence payload is not base64url without padding";
    String notTheForm = "the licence token is not of the form plk_<payload>.<signature>";
    return Stream.of(
        Arguments.of("empty", "", "the licence token is empty"),
        Arguments.of(
            "no prefix", payload + "." + signature, "the licence token does not start with plk_"),
        Arguments.of(
            "upper-case prefix",
            "PLK_" + payload + "." + signature,
            "the licence token does not start with plk_"),
        Arguments.of("leading space", " " + token, "the licence token does not start with plk_"),
        Arguments.of("no dot", "plk_" + payload + signature, notTheForm),
        Arguments.of("two dots", "plk_" + payload + ".." + signature, notTheForm),
        Arguments.of("dot in the signature", token + ".AA", notTheForm),
        Arguments.of("empty payload", "plk_." + signature, "the licence payload is empty"),
        Arguments.of("empty signature", "plk_" + payload + ".", "the licence signature is empty"),
        Arguments.of(
            "space in the payload",
            "plk_" + payload.substring(0, 8) + " " + payload.substring(8) + "." + signature,
            notBase64url),
        Arguments.of("padding", "plk_" + payload + "==." + signature, notBase64url),
        Arguments.of(
            "standard alphabet",
            "plk_" + payload.substring(0, 8) + "+" + payload.substring(9) + "." + signature,
            notBase64url),
        Arguments.of(
            "one character too many",
            "plk_" + payload + "A".repeat(5 - payload.length() % 4) + "." + signature,
            notBase64url),
        Arguments.of(
            "non-ASCII",
            "plk_" + payload.substring(0, 8) + "\u00e9" + payload.substring(9) + "." + signature,
            notBase64url),
        Arguments.of(
            "63-byte signature",
            "plk_" + payload + "." + base64url(new byte[63]),
            "the licence signature is not 64 bytes long"),
        Arguments.of(
            "65-byte signature",
            "plk_" + payload + "." + base64url(new byte[65]),
            "the licence signature is not 64 bytes long"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wrongForms")
  void a_token_of_the_wrong_form_is_refused_as_malformed(
      String variant, String token, String message) {
    LicenceException refused = refusal(token, NOW);

    assertEquals(Reason.MALFORMED, refused.reason());
    assertEquals(message, refused.getMessage());
  }

  @Test
  void a_non_canonical_base64_encoding_is_refused_as_malformed() {
    // 64 signature bytes are 86 characters; the last one carries 2 unused bits.
    String token = Tokens.signed(Tokens.payload(EXPIRES.toString(), 5));
    char last = token.charAt(token.length() - 1);
    String base64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    char sameBytes = base64.charAt(base64.indexOf(last) ^ 1);
    String variant = token.substring(0, token.length() - 1) + sameBytes;

    assertEquals(Reason.MALFORMED, refusal(variant, NOW).reason());
  }

  @Test
  void a_token_longer_than_the_limit_is_refused_before_decoding() {
    String token = "plk_" + "A".repeat(LicenceVerifier.MAX_TOKEN_CHARS) + ".AAAA";

    LicenceException refused = refusal(token, NOW);

    assertEquals(Reason.MALFORMED, refused.reason());
    assertEquals("the licence token is longer than 4096 characters", refused.getMessage());
  }

  @Test
  void a_null_token_is_refused_as_malformed() {
    assertEquals(Reason.MALFORMED, refusal(null, NOW).reason());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "not json",
        "",
        "[]",
        "1",
        "null",
        "{",
        "{\"v\":1",
        "{\"v\":2,\"id\":\"x\",\"to\":\"ACME\",\"iat\":\"2025-01-01T00:00:00Z\","
            + "\"exp\":\"2099-01-01T00:00:00Z\",\"max_users\":5}",
        "{\"v\":\"1\",\"id\":\"x\",\"to\":\"ACME\",\"iat\":\"2025-01-01T00:00:00Z\","
            + "\"exp\":\"2099-01-01T00:00:00Z\",\"max_users\":5}",
        "{\"v\":1.0,\"id\":\"x\",\"to\":\"ACME\",\"iat\":\"2025-01-01T00:00:00Z\","
            + "\"exp\":\"2099-01-01T00:00:00Z\",\"max_users\":5}",
        "{\"id\":\"x\",\"to\":\"ACME\",\"iat\":\"2025-01-01T00:00:00Z\","
            + "\"exp\":\"2099-01-01T00:00:00Z\",\"max_users\":5}",
        "{\"v\":1,\"to\":\"ACME\",\"iat\":\"2025-01-01T00:00:00Z\","
            + "\"exp\":\"2099-01-01T00:00:00Z\",\"max_users\":5}",
        "{\"v\":1,\"id\":\"x\",\"iat\":\"2025-01-01T00:00:00Z\","
            + "\"exp\":\"2099-01-01T00:00:00Z\",\"max_users\":5}",
        "{\"v\":1,\"id\":\"x\",\"to\":\"ACME\","
            + "\"exp\":\"2099-01-01T00:00:00Z\",\"max_users\":5}",
        "{\"v\":1,\"id\":\"x\",\"to\":\"ACME\",\"iat\":\"2025-01-01T00:00:00Z\","
            + "\"max_users\":5}",
        "{\"v\":1,\"id\":\"x\",\"to\":\"ACME\",\"iat\":\"2025-01-01T00:00:00Z\","
            + "\"exp\":\"2099-01-01T00:00:00Z\"}",
        "{\"v\":1,\"id\":\"x\",\"to\":\"ACME\",\"iat\":\"2025-01-01T00:00:00Z\","
            + "\"exp\":\"2099-01-01T00:00:00Z\",\"max_users\":0}",
        "{\"v\":1,\"id\":\"x\",\"to\":\"ACME\",\"iat\":\"2025-01-01T00:00:00Z\","
            + "\"exp\":\"2099-01-01T00:00:00Z\",\"max_users\":-3}",
        "{\"v\":1,\"id\":\"x\",\"to\":\"ACME\",\"iat\":\"2025-01-01T00:00:00Z\","
            + "\"exp\":\"2099-01-01T00:00:00Z\",\"max_users\":\"5\"}",
        "{\"v\":1,\"id\":\"x\",\"to\":\"ACME\",\"iat\":\"2025-01-01T00:00:00Z\","
            + "\"exp\":\"2099-01-01T00:00:00Z\",\"max_users\":2147483648}",
        "{\"v\":1,\"id\":\"x\",\"to\":\"ACME\",\"iat\":\"2025-01-01T00:00:00Z\","
            + "\"exp\":\"2099-01-01T00:00:00Z\",\"max_users\":5.5}",
        "{\"v\":1,\"id\":\"x\",\"to\":null,\"iat\":\"2025-01-01T00:00:00Z\","
            + "\"exp\":\"2099-01-01T00:00:00Z\",\"max_users\":5}",
        "{\"v\":1,\"id\":\"x\",\"to\":\"   \",\"iat\":\"2025-01-01T00:00:00Z\","
            + "\"exp\":\"2099-01-01T00:00:00Z\",\"max_users\":5}",
        "{\"v\":1,\"id\":\"x\",\"to\":\"ACME\\nforged log line\",\"iat\":\"2025-01-01T00:00:00Z\","
            + "\"exp\":\"2099-01-01T00:00:00Z\",\"max_users\":5}",
        "{\"v\":1,\"id\":\"\",\"to\":\"ACME\",\"iat\":\"2025-01-01T00:00:00Z\","
            + "\"exp\":\"2099-01-01T00:00:00Z\",\"max_users\":5}",
        "{\"v\":1,\"id\":\"x\",\"to\":\"ACME\",\"iat\":\"2025-01-01\","
            + "\"exp\":\"2099-01-01T00:00:00Z\",\"max_users\":5}",
        "{\"v\":1,\"id\":\"x\",\"to\":\"ACME\",\"iat\":\"2025-01-01T00:00:00Z\","
            + "\"exp\":4070908800,\"max_users\":5}",
        "{\"v\":1,\"id\":\"x\",\"to\":\"ACME\",\"iat\":\"2025-01-01T00:00:00Z\","
            + "\"exp\":\"2024-01-01T00:00:00Z\",\"max_users\":5}",
        "{\"v\":1,\"v\":1,\"id\":\"x\",\"to\":\"ACME\",\"iat\":\"2025-01-01T00:00:00Z\","
            + "\"exp\":\"2099-01-01T00:00:00Z\",\"max_users\":5}",
        "{\"v\":1,\"id\":\"x\",\"to\":\"ACME\",\"iat\":\"2025-01-01T00:00:00Z\","
            + "\"exp\":\"2099-01-01T00:00:00Z\",\"max_users\":5}{}",
        "{\"v\":1,\"id\":\"x\",\"to\":\"ACME\",\"iat\":\"2025-01-01T00:00:00Z\","
            + "\"exp\":\"2099-01-01T00:00:00Z\",\"max_users\":5} x",
      })
  void a_signed_payload_that_is_not_a_version_1_licence_is_refused_as_malformed(String json) {
    String token = Tokens.signed(json);

    LicenceException refused = refusal(token, NOW);

    assertEquals(Reason.MALFORMED, refused.reason(), refused.getMessage());
    String payload = token.substring(4, token.indexOf('.'));
    assertFalse(payload.length() > 3 && refused.getMessage().contains(payload));
  }

  @Test
  void unknown_fields_are_ignored() throws LicenceException {
    String json =
        "{\"v\":1,\"future\":{\"a\":[1,{\"b\":null}]},\"id\":\"x\",\"to\":\"ACME\","
            + "\"iat\":\"2025-01-01T00:00:00Z\",\"exp\":\"2099-01-01T00:00:00Z\","
            + "\"max_users\":7,\"note\":\"hi\"}";

    Licence licence = verifier.verify(Tokens.signed(json), NOW);

    assertEquals(
        new Licence(
            "x",
            "ACME",
            Instant.parse("2025-01-01T00:00:00Z"),
            Instant.parse("2099-01-01T00:00:00Z"),
            7),
        licence);
  }

  @Test
  void a_payload_that_is_not_utf8_is_refused_as_malformed() {
    byte[] latin1 =
        Tokens.payload("2099-01-01T00:00:00Z", 5)
            .replace("ACME", "Müller")
            .getBytes(StandardCharsets.ISO_8859_1);
    byte[] utf16 = Tokens.payload("2099-01-01T00:00:00Z", 5).getBytes(StandardCharsets.UTF_16);

    for (byte[] payload : new byte[][] {latin1, utf16}) {
      String token = LicenceIssuer.token(Tokens.VENDOR.getPrivate(), payload);
      assertEquals(Reason.MALFORMED, refusal(token, NOW).reason());
    }
  }

  @Test
  void deeply_nested_signed_json_is_refused_as_malformed() {
    String json = "{\"v\":1,\"x\":" + "[".repeat(1100) + "]".repeat(1100) + "}";

    assertEquals(Reason.MALFORMED, refusal(Tokens.signed(json), NOW).reason());
  }

  @Test
  void mutated_tokens_raise_only_licence_exceptions() {
    String token = LicenceIssuer.issue(Tokens.VENDOR.getPrivate(), "ACME GmbH", EXPIRES, 5);
    String alphabet = "AZaz09-_.=+/ \u0000\u00e9\ud800\uffffplk_{}\"";
    Random random = new Random(6238);
    for (int i = 0; i < 5_000; i++) {
      StringBuilder mutated = new StringBuilder(token);
      for (int edits = 1 + random.nextInt(3); edits > 0 && mutated.length() > 0; edits--) {
        int at = random.nextInt(mutated.length());
        switch (random.nextInt(4)) {
          case 0 -> mutated.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
          case 1 -> mutated.deleteCharAt(at);
          case 2 -> mutated.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
          default -> mutated.setLength(at);
        }
      }
      onlyLicenceExceptions(mutated.toString());
    }
  }

  /**
   * The parser sees only payloads the vendor signed, but must still refuse any of them cleanly. JDK
   * Ed25519 signing is slow, so most cases go to the parser directly and a few through verify.
   */
  @Test
  void garbage_payloads_raise_only_licence_exceptions() {
    String pieces = "{}[]\":,0123456789.eE+-truefalsenull \\u00\"v\"\"max_users\"\"exp\"";
    Random random = new Random(8032);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder json = new StringBuilder("{\"v\":1,");
      for (int n = random.nextInt(60); n > 0; n--) {
        json.append(pieces.charAt(random.nextInt(pieces.length())));
      }
      byte[] payload = json.toString().getBytes(StandardCharsets.UTF_8);
      if (random.nextInt(10) == 0) {
        payload[random.nextInt(payload.length)] = (byte) random.nextInt(256);
      }
      if (i % 200 == 0) {
        onlyLicenceExceptions(LicenceIssuer.token(Tokens.VENDOR.getPrivate(), payload));
      } else {
        try {
          LicencePayload.read(payload);
        } catch (LicenceException expected) {
          // the only failure allowed
        } catch (RuntimeException e) {
          fail("payload " + json + " raised " + e, e);
        }
      }
    }
  }

  @Test
  void a_refusal_never_quotes_the_token() {
    String token = LicenceIssuer.issue(Tokens.VENDOR.getPrivate(), "ACME GmbH", EXPIRES, 5);
    String signature = token.substring(token.indexOf('.') + 1);
    String payload = token.substring(4, token.indexOf('.'));
    for (String refused :
        new String[] {
          token.replace("plk_", "plq_"),
          token + "x",
          token.substring(0, token.length() - 1) + "!",
          Tokens.withPayload(token, "{\"v\":1}"),
          token.replace(".", ".."),
        }) {
      String message = refusal(refused, NOW).getMessage();
      assertFalse(message.contains(signature.substring(0, 16)), message);
      assertFalse(message.contains(payload.substring(0, 16)), message);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "not base64!",
        "AAAA",
        "MCowBQYDK2VwAyEA", // the Ed25519 SubjectPublicKeyInfo header without the key
      })
  void a_bad_public_key_is_refused_with_a_message_that_does_not_quote_it(String key) {
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> LicenceVerifier.fromPublicKey(key));

    assertTrue(refused.getMessage().startsWith("the licence public key "), refused.getMessage());
    assertFalse(!key.isBlank() && refused.getMessage().contains(key.strip()));
  }

  @Test
  void a_public_key_that_is_not_a_curve_point_is_refused() {
    // The Ed25519 SubjectPublicKeyInfo header, then a y coordinate above the field prime.
    byte[] spki = new byte[44];
    System.arraycopy(Base64.getDecoder().decode("MCowBQYDK2VwAyEA"), 0, spki, 0, 12);
    Arrays.fill(spki, 12, 44, (byte) 0xff);
    String key = Base64.getEncoder().encodeToString(spki);

    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> LicenceVerifier.fromPublicKey(key));

    assertEquals(
        "the licence public key is not the base64 X.509 SubjectPublicKeyInfo of an Ed25519 key",
        refused.getMessage());
  }

  @Test
  void public_keys_of_other_algorithms_are_refused() throws Exception {
    for (String algorithm : new String[] {"Ed448", "X25519", "EC", "RSA"}) {
      KeyPair keys = KeyPairGenerator.getInstance(algorithm).generateKeyPair();
      String encoded = Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());

      assertThrows(
          IllegalArgumentException.class, () -> LicenceVerifier.fromPublicKey(encoded), algorithm);
    }
  }

  @Test
  void a_public_key_with_surrounding_whitespace_is_accepted() throws LicenceException {
    String token = LicenceIssuer.issue(Tokens.VENDOR.getPrivate(), "ACME GmbH", EXPIRES, 5);

    assertEquals(
        5,
        LicenceVerifier.fromPublicKey(" " + Tokens.VENDOR_PUBLIC_KEY + "\n")
            .verify(token, NOW)
            .maxUsers());
  }

  private void onlyLicenceExceptions(String token) {
    try {
      verifier.verify(token, NOW);
    } catch (LicenceException expected) {
      // the only failure allowed
    } catch (RuntimeException e) {
      fail("token " + token + " raised " + e, e);
    }
  }

  private static String base64url(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private LicenceException refusal(String token, Instant now) {
    return assertThrows(LicenceException.class, () -> verifier.verify(token, now));
  }
}
