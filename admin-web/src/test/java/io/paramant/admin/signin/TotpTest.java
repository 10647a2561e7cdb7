package io.paramant.admin.signin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TotpTest {

  /** RFC 6238 Appendix B: the SHA-1 seed is the ASCII string "12345678901234567890". */
  private static final String RFC_6238_SECRET =
      Totp.base32("12345678901234567890".getBytes(StandardCharsets.US_ASCII));

  private static final Instant T = Instant.parse("2025-06-01T12:00:10Z"); // 10 s into a step

  private final Totp totp = Totp.fromBase32(RFC_6238_SECRET);

  @Test
  void the_rfc_6238_secret_is_the_known_base32() {
    assertEquals("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", RFC_6238_SECRET);
  }

  /**
   * RFC 6238 Appendix B, the SHA-1 rows. The RFC prints 8 digits; a 6-digit code is the same
   * truncated value mod 10^6, so it is the RFC's last 6 digits (94287082 -> 287082).
   */
  @ParameterizedTest(name = "{0} s -> {1}")
  @CsvSource({
    "59, 287082",
    "1111111109, 081804",
    "1111111111, 050471",
    "1234567890, 005924",
    "2000000000, 279037",
    "20000000000, 353130",
  })
  void codes_match_rfc_6238_appendix_b(long epochSecond, String code) {
    Instant at = Instant.ofEpochSecond(epochSecond);

    assertEquals(code, totp.code(at));
    assertTrue(Totp.fromBase32(RFC_6238_SECRET).verify(code, at));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
        "gezdgnbvgy3tqojqgezdgnbvgy3tqojq",
        "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ",
        "gezd gnbv GY3T QOJQ gezd gnbv GY3T QOJQ ",
      })
  void secrets_ignore_case_and_spaces(String secret) {
    assertEquals("287082", Totp.fromBase32(secret).code(Instant.ofEpochSecond(59)));
  }

  @Test
  void padding_is_optional() {
    String unpadded = Totp.base32("1234567890123456".getBytes(StandardCharsets.US_ASCII));
    assertEquals(26, unpadded.length());

    assertEquals(Totp.fromBase32(unpadded).code(T), Totp.fromBase32(unpadded + "======").code(T));
  }

  /** RFC 4648 section 10 test vectors, padded and unpadded. */
  @ParameterizedTest(name = "\"{0}\" <-> {1}")
  @CsvSource({
    "f, MY======",
    "fo, MZXQ====",
    "foo, MZXW6===",
    "foob, MZXW6YQ=",
    "fooba, MZXW6YTB",
    "foobar, MZXW6YTBOI======",
  })
  void base32_matches_rfc_4648(String text, String encoded) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);

    assertArrayEquals(bytes, Totp.base32(encoded));
    assertArrayEquals(bytes, Totp.base32(encoded.replace("=", "")));
    assertEquals(encoded.replace("=", ""), Totp.base32(bytes));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "MZXW6YTBOI======", // 6 bytes
        "GEZDGNBVGY3TQOJQGEZDGNBV", // 15 bytes: one short of 128 bits
        "GEZDGNBVGY3TQOJQGEZDGNBV1Y3TQOJQ", // '1' is not base32
        "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJ0",
        "GEZDGNBVGY3TQOJQ=GEZDGNBVGY3TQOJQ", // padding inside
        "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQG", // 33 characters: 1 mod 8
        "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZ", // 3 mod 8
        "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGN", // 6 mod 8
        "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ=======", // 7 padding characters
        "",
      })
  void bad_secrets_are_refused_without_quoting_them(String secret) {
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> Totp.fromBase32(secret));

    assertTrue(refused.getMessage().startsWith("the TOTP secret is "), refused.getMessage());
    assertFalse(!secret.isEmpty() && refused.getMessage().contains(secret.substring(0, 8)));
  }

  @Test
  void a_secret_shorter_than_128_bits_is_refused() {
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class, () -> Totp.fromBase32(Totp.base32(new byte[15])));

    assertEquals(
        "the TOTP secret is shorter than 16 bytes (26 base32 characters); 20 are recommended",
        refused.getMessage());
  }

  @Test
  void a_secret_of_16_bytes_is_accepted() {
    assertEquals(6, Totp.fromBase32(Totp.base32(new byte[16])).code(T).length());
  }

  @Test
  void a_null_secret_is_refused() {
    assertThrows(IllegalArgumentException.class, () -> Totp.fromBase32(null));
  }

  @Test
  void the_previous_current_and_next_step_are_accepted() {
    for (int offset : new int[] {-1, 0, 1}) {
      Totp fresh = Totp.fromBase32(RFC_6238_SECRET);
      String code = fresh.code(T.plusSeconds(30L * offset));

      assertTrue(fresh.verify(code, T), "step " + offset);
    }
  }

  @Test
  void codes_two_steps_away_are_refused() {
    for (int offset : new int[] {-2, 2}) {
      Totp fresh = Totp.fromBase32(RFC_6238_SECRET);
      String code = fresh.code(T.plusSeconds(30L * offset));
      assertNotEquals(fresh.code(T), code);

      assertFalse(fresh.verify(code, T), "step " + offset);
    }
  }

  @Test
  void a_code_is_accepted_once() {
    String code = totp.code(T);

    assertTrue(totp.verify(code, T));
    assertFalse(totp.verify(code, T));
    assertFalse(totp.verify(code, T.plusSeconds(15)), "still inside the window");
  }

  @Test
  void after_a_step_is_accepted_codes_of_earlier_steps_are_refused() {
    assertTrue(totp.verify(totp.code(T), T));

    assertFalse(totp.verify(totp.code(T.minusSeconds(30)), T));
    assertTrue(totp.verify(totp.code(T.plusSeconds(30)), T.plusSeconds(30)));
  }

  @Test
  void a_wrong_code_does_not_use_up_the_step() {
    String code = totp.code(T);
    String wrong = code.equals("000000") ? "000001" : "000000";

    assertFalse(totp.verify(wrong, T));
    assertTrue(totp.verify(code, T));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", "28708", "2870822", "28708a", " 87082", "287082 ", "+87082", "٢٨٧٠٨٢", "２８７０８２"
      })
  void anything_but_six_ascii_digits_is_refused(String code) {
    assertFalse(totp.verify(code, Instant.ofEpochSecond(59)));
    assertTrue(totp.verify("287082", Instant.ofEpochSecond(59)), "the step is still unused");
  }

  @Test
  void a_null_code_is_refused() {
    assertFalse(totp.verify(null, T));
  }

  @Test
  void concurrent_attempts_with_one_code_succeed_once() throws Exception {
    String code = totp.code(T);
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Boolean>> attempts = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        attempts.add(
            pool.submit(
                () -> {
                  start.await();
                  return totp.verify(code, T);
                }));
      }
      start.countDown();
      int accepted = 0;
      for (Future<Boolean> attempt : attempts) {
        if (attempt.get(10, TimeUnit.SECONDS)) {
          accepted++;
        }
      }
      assertEquals(1, accepted);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void new_secrets_are_20_random_bytes_in_32_base32_characters() {
    String first = Totp.newSecret();
    String second = Totp.newSecret();

    assertEquals(32, first.length());
    assertEquals(20, Totp.base32(first).length);
    assertTrue(first.matches("[A-Z2-7]{32}"), first);
    assertNotEquals(first, second);
    assertEquals(6, Totp.fromBase32(first).code(T).length());
  }
}
