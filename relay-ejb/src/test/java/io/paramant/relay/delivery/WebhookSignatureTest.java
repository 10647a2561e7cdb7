package io.paramant.relay.delivery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

  private static final HexFormat HEX = HexFormat.of();

  /** RFC 4231 §4.2, 4.3, 4.7 and 4.8 (HMAC-SHA-256): short keys, and keys longer than a block. */
  @Test
  void rfc_4231_test_vectors() {
    assertEquals(
        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
        hmac("0b".repeat(20), "Hi There"));
    assertEquals(
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
        hmac("4a656665", "what do ya want for nothing?"));
    assertEquals(
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
        hmac("aa".repeat(131), "Test Using Larger Than Block-Size Key - Hash Key First"));
    assertEquals(
        "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
        hmac(
            "aa".repeat(131),
            "This is a test using a larger than block-size key and a larger than block-size data."
                + " The key needs to be hashed before being used by the HMAC algorithm."));
  }

  @Test
  void signs_the_exact_body_bytes_with_the_api_key_string_as_the_jdk_mac_does() throws Exception {
    String apiKey = "pgp_" + "3f9a".repeat(16); // 68 bytes: longer than a SHA-256 block
    byte[] body =
        WebhookSignature.blobRetrieved(
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", 1764151200000L);

    assertEquals(
        "{\"event\":\"blob_retrieved\","
            + "\"hash\":\"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\","
            + "\"ts\":1764151200000}",
        new String(body, StandardCharsets.UTF_8));
    Mac jdk = Mac.getInstance("HmacSHA256");
    jdk.init(new SecretKeySpec(apiKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected = HEX.formatHex(jdk.doFinal(body));
    assertEquals(
        expected, WebhookSignature.sign(apiKey.getBytes(StandardCharsets.UTF_8), body.clone()));
    assertEquals(64, expected.length());

    byte[] oneBitOff = body.clone();
    oneBitOff[oneBitOff.length - 2] ^= 1;
    assertNotEquals(
        expected, WebhookSignature.sign(apiKey.getBytes(StandardCharsets.UTF_8), oneBitOff));
  }

  @Test
  void the_callers_key_array_is_left_unchanged() {
    byte[] key = "pgp_secret".getBytes(StandardCharsets.UTF_8);
    WebhookSignature.sign(key, new byte[] {1, 2, 3});
    assertArrayEquals("pgp_secret".getBytes(StandardCharsets.UTF_8), key);
  }

  private static String hmac(String keyHex, String data) {
    return HEX.formatHex(
        WebhookSignature.hmacSha256(
            HEX.parseHex(keyHex), data.getBytes(StandardCharsets.US_ASCII)));
  }
}
