package io.paramant.client.internal.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.client.DeviceKeys;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLDSAPublicKeyParameters;
import org.bouncycastle.crypto.signers.MLDSASigner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The signed lines of a DID-authenticated request exactly as docs/did.md lists them, and signatures
 * that Bouncy Castle verifies over those lines, and over no other.
 */
class DidAuthTest {

  private static final DeviceKeys KEYS = DeviceKeys.generate();
  private static final String KEY_ID = "0f".repeat(32);
  private static final String BLOB_HASH = "ab".repeat(32);
  private static final long NOW = 1_765_000_000_123L;

  @AfterAll
  static void wipe() {
    KEYS.destroy();
  }

  @Test
  void the_lines_are_those_of_docs_did_md_with_sorted_lowercase_paramant_headers() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-Paramant-Ttl-Ms", " 60000\t");
    headers.put("X-Paramant-Hash", BLOB_HASH);
    headers.put("X-PARAMANT-Device", "printer-2");

    String message =
        DidAuth.message(
            "POST",
            "/v2/inbound?retry=1&x=%2F",
            "1765000000123",
            "AAAAAAAAAAAAAAAAAAAAAA",
            BLOB_HASH,
            KEY_ID,
            "application/octet-stream",
            headers);

    assertEquals(
        "paramant/did-auth/v1\n"
            + "POST\n"
            + "/v2/inbound?retry=1&x=%2F\n"
            + "1765000000123\n"
            + "AAAAAAAAAAAAAAAAAAAAAA\n"
            + BLOB_HASH
            + "\n"
            + KEY_ID
            + "\n"
            + "application/octet-stream\n"
            + "x-paramant-device:printer-2\n"
            + "x-paramant-hash:"
            + BLOB_HASH
            + "\n"
            + "x-paramant-ttl-ms:60000",
        message);
  }

  @Test
  void a_request_without_body_signs_the_hash_of_nothing_and_an_empty_content_type_line() {
    String message =
        DidAuth.message(
            "GET", "/v2/status/" + BLOB_HASH, "1", "n".repeat(22), null, KEY_ID, null, Map.of());

    assertEquals(
        List.of(
            "paramant/did-auth/v1",
            "GET",
            "/v2/status/" + BLOB_HASH,
            "1",
            "n".repeat(22),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            KEY_ID,
            ""),
        List.of(message.split("\n", -1)));
    assertTrue(message.endsWith(KEY_ID + "\n"), "the empty Content-Type line is the last line");
  }

  @Test
  void the_headers_carry_a_signature_that_verifies_over_exactly_the_lines() {
    DidAuth auth = auth(new AtomicInteger());
    Map<String, String> paramant = Map.of("X-Paramant-Hash", BLOB_HASH);
    URI uri = URI.create("http://127.0.0.1:3000/relay/v2/inbound?a=b");

    Map<String, String> headers =
        auth.headers("POST", uri, BLOB_HASH, "application/octet-stream", paramant);

    assertEquals(
        List.of("X-DID", "X-DID-Timestamp", "X-DID-Nonce", "X-DID-Body-SHA256", "X-DID-Signature"),
        List.copyOf(headers.keySet()));
    assertEquals(KEYS.did(), headers.get("X-DID"));
    assertEquals(Long.toString(NOW), headers.get("X-DID-Timestamp"));
    assertTrue(headers.get("X-DID-Nonce").matches("[A-Za-z0-9_-]{22}"), headers::toString);
    assertEquals(16, Base64.getUrlDecoder().decode(headers.get("X-DID-Nonce")).length);
    assertEquals(BLOB_HASH, headers.get("X-DID-Body-SHA256"));
    String signature = headers.get("X-DID-Signature");
    assertEquals(4412, signature.length());
    assertTrue(signature.matches("[A-Za-z0-9_-]+"), "base64url without padding");
    String expected =
        "paramant/did-auth/v1\nPOST\n/relay/v2/inbound?a=b\n"
            + NOW
            + "\n"
            + headers.get("X-DID-Nonce")
            + "\n"
            + BLOB_HASH
            + "\n"
            + KEY_ID
            + "\napplication/octet-stream\nx-paramant-hash:"
            + BLOB_HASH;
    assertTrue(verifies(signature, expected));
    for (String changed :
        List.of(
            expected.replace("POST", "PUT"),
            expected.replace("?a=b", "?a=c"),
            expected.replace(KEY_ID, "1f".repeat(32)),
            expected.replace("application/octet-stream", ""),
            expected.replace("x-paramant-hash:ab", "x-paramant-hash:ac"),
            expected + "\nx-paramant-ttl-ms:1",
            expected.replace("\n" + NOW + "\n", "\n" + (NOW + 1) + "\n"))) {
      assertFalse(verifies(signature, changed), changed);
    }
  }

  @Test
  void without_a_body_there_is_no_body_header_and_the_signature_covers_the_hash_of_nothing() {
    Map<String, String> headers =
        auth(new AtomicInteger())
            .headers("GET", URI.create("http://h/v2/outbound/" + BLOB_HASH), null, null, Map.of());

    assertFalse(headers.containsKey("X-DID-Body-SHA256"));
    assertTrue(
        verifies(
            headers.get("X-DID-Signature"),
            "paramant/did-auth/v1\nGET\n/v2/outbound/"
                + BLOB_HASH
                + "\n"
                + NOW
                + "\n"
                + headers.get("X-DID-Nonce")
                + "\n"
                + DidAuth.EMPTY_BODY_SHA256
                + "\n"
                + KEY_ID
                + "\n"));
  }

  @Test
  void every_request_gets_a_new_nonce_and_the_log_key_id_is_asked_for_once() {
    AtomicInteger asked = new AtomicInteger();
    DidAuth auth = auth(asked);
    URI uri = URI.create("http://h/v2/ws-ticket");

    Map<String, String> first =
        auth.headers("POST", uri, DidAuth.EMPTY_BODY_SHA256, null, Map.of());
    Map<String, String> second =
        auth.headers("POST", uri, DidAuth.EMPTY_BODY_SHA256, null, Map.of());

    assertNotEquals(first.get("X-DID-Nonce"), second.get("X-DID-Nonce"));
    assertNotEquals(first.get("X-DID-Signature"), second.get("X-DID-Signature"));
    assertEquals(1, asked.get());
  }

  @Test
  void a_header_twice_or_not_of_paramant_or_a_line_break_is_refused() {
    Map<String, String> twice = new LinkedHashMap<>();
    twice.put("X-Paramant-Hash", BLOB_HASH);
    twice.put("x-paramant-hash", BLOB_HASH);

    IllegalArgumentException duplicate =
        assertThrows(
            IllegalArgumentException.class,
            () -> DidAuth.message("POST", "/v2/inbound", "1", "n", null, KEY_ID, null, twice));
    IllegalArgumentException foreign =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                DidAuth.message(
                    "POST", "/v2/inbound", "1", "n", null, KEY_ID, null, Map.of("X-Other", "1")));
    IllegalArgumentException lineBreak =
        assertThrows(
            IllegalArgumentException.class,
            () -> DidAuth.message("POST", "/v2/inbound", "1", "n", null, KEY_ID, "a\nb", Map.of()));

    assertEquals("header x-paramant-hash given twice", duplicate.getMessage());
    assertEquals("not an X-Paramant-* header: X-Other", foreign.getMessage());
    assertEquals("a signed line holds a line break", lineBreak.getMessage());
  }

  @Test
  void the_target_is_the_raw_path_and_query_as_the_http_client_sends_it() {
    assertEquals("/v2/did/register", DidAuth.target(URI.create("http://h:1/v2/did/register")));
    assertEquals(
        "/base/v2/stream?ticket=a%2Bb&device=x",
        DidAuth.target(URI.create("https://h/base/v2/stream?ticket=a%2Bb&device=x")));
  }

  private static DidAuth auth(AtomicInteger keyIdAsked) {
    AtomicLong clock = new AtomicLong(NOW);
    return new DidAuth(
        () -> KEYS,
        () -> {
          keyIdAsked.incrementAndGet();
          return KEY_ID;
        },
        clock::get,
        new SecureRandom());
  }

  private static boolean verifies(String signature, String message) {
    MLDSASigner verifier = new MLDSASigner();
    verifier.init(
        false,
        new MLDSAPublicKeyParameters(
            MLDSAParameters.ml_dsa_65, KEYS.publicKeys().mlDsa().orElseThrow()));
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    verifier.update(bytes, 0, bytes.length);
    return verifier.verifySignature(Base64.getUrlDecoder().decode(signature));
  }
}
