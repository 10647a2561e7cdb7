package io.paramant.admin.signin;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords (RFC 6238) for the admin console's optional second factor, as
 * authenticator apps make them: HMAC-SHA1, 30-second steps counted from the Unix epoch, 6 digits,
 * and a base32 secret (RFC 4648).
 *
 * <p>{@link #verify} accepts the code of the current step or of the one before or after (clock
 * drift, RFC 6238 section 5.2), compares codes in constant time, and accepts each step at most
 * once: once a code is accepted, no code of that step or an earlier one is, so a code seen over a
 * shoulder or replayed from a log cannot be used again. Which steps were used is kept by {@link
 * AcceptedSteps} (in a file for the console, so that a restart does not reopen the window). {@link
 * #matchingStep} only compares, for a caller that must decide whether to spend the step. One
 * instance per secret; it is thread-safe.
 */
public final class Totp {

  /** Digits of a code. */
  public static final int DIGITS = 6;

  /** Seconds per step. */
  public static final int STEP_SECONDS = 30;

  /** RFC 4226 section 4, R6: "The length of the shared secret MUST be at least 128 bits." */
  static final int MIN_SECRET_BYTES = 16;

  /** What {@link #newSecret()} makes: 160 bits, as RFC 4226 recommends. */
  static final int NEW_SECRET_BYTES = 20;

  private static final String HMAC = "HmacSHA1";
  private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  private static final int MODULUS = 1_000_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] secret;

  private final AcceptedSteps accepted;

  private Totp(byte[] secret, AcceptedSteps accepted) {
    this.secret = secret;
    this.accepted = accepted;
  }

  /**
   * The generator for a base32 secret: case does not matter, spaces are ignored, padding is
   * optional.
   *
   * @throws IllegalArgumentException when it is not base32 or shorter than 16 bytes (128 bits) once
   *     decoded; the message does not quote it
   */
  public static Totp fromBase32(String secret) {
    return fromBase32(secret, AcceptedSteps.inMemory());
  }

  /** As {@link #fromBase32(String)}, remembering accepted steps in {@code accepted}. */
  public static Totp fromBase32(String secret, AcceptedSteps accepted) {
    byte[] bytes = base32(secret);
    if (bytes.length < MIN_SECRET_BYTES) {
      Arrays.fill(bytes, (byte) 0);
      throw new IllegalArgumentException(
          "the TOTP secret is shorter than "
              + MIN_SECRET_BYTES
              + " bytes (26 base32 characters); "
              + NEW_SECRET_BYTES
              + " are recommended");
    }
    return new Totp(bytes, accepted);
  }

  /** A new random secret of 20 bytes, in base32 without padding (32 characters). */
  public static String newSecret() {
    byte[] bytes = new byte[NEW_SECRET_BYTES];
    RANDOM.nextBytes(bytes);
    try {
      return base32(bytes);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /**
   * Whether {@code code} is the code of the step of {@code now}, or of the step before or after,
   * and that step is later than any accepted before. Accepting it remembers the step. Anything but
   * exactly six ASCII digits is false.
   */
  public boolean verify(String code, Instant now) {
    OptionalLong step = matchingStep(code, now);
    return step.isPresent() && accepted.accept(step.getAsLong());
  }

  /**
   * The step among the one of {@code now} and its neighbours whose code {@code code} is, without
   * spending it; empty for anything else (also for anything but six ASCII digits). Every candidate
   * is computed and compared in constant time, whichever matches.
   */
  public OptionalLong matchingStep(String code, Instant now) {
    if (!isSixDigits(code)) {
      return OptionalLong.empty();
    }
    byte[] given = code.getBytes(StandardCharsets.US_ASCII);
    long current = step(now);
    boolean matched = false;
    long matchedStep = current;
    for (long step = current - 1; step <= current + 1; step++) {
      if (MessageDigest.isEqual(given, code(step).getBytes(StandardCharsets.US_ASCII))) {
        matched = true;
        matchedStep = step;
      }
    }
    return matched ? OptionalLong.of(matchedStep) : OptionalLong.empty();
  }

  /** Spends {@code step} (from {@link #matchingStep}): false when it or a later one was used. */
  public boolean accept(long step) {
    return accepted.accept(step);
  }

  /** The code of the step of {@code now}. */
  public String code(Instant now) {
    return code(step(now));
  }

  private String code(long step) {
    byte[] hash;
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(secret, HMAC));
      hash = mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(step).array());
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA1 is not available", e);
    }
    // RFC 4226 section 5.3, dynamic truncation.
    int offset = hash[hash.length - 1] & 0x0f;
    int binary =
        (hash[offset] & 0x7f) << 24
            | (hash[offset + 1] & 0xff) << 16
            | (hash[offset + 2] & 0xff) << 8
            | (hash[offset + 3] & 0xff);
    String digits = Integer.toString(binary % MODULUS);
    return "0".repeat(DIGITS - digits.length()) + digits;
  }

  private static long step(Instant now) {
    return Math.floorDiv(now.getEpochSecond(), STEP_SECONDS);
  }

  private static boolean isSixDigits(String code) {
    if (code == null || code.length() != DIGITS) {
      return false;
    }
    for (int i = 0; i < DIGITS; i++) {
      char c = code.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** RFC 4648 base32: case-insensitive, spaces ignored, trailing padding optional. */
  static byte[] base32(String text) {
    if (text == null) {
      throw new IllegalArgumentException("the TOTP secret is missing");
    }
    String compact = text.replace(" ", "").toUpperCase(Locale.ROOT);
    int end = compact.length();
    while (end > 0 && compact.charAt(end - 1) == '=') {
      end--;
    }
    if (compact.length() - end > 6 || end % 8 == 1 || end % 8 == 3 || end % 8 == 6) {
      throw new IllegalArgumentException("the TOTP secret is not base32 (wrong length)");
    }
    byte[] bytes = new byte[end * 5 / 8];
    int buffer = 0;
    int bits = 0;
    int written = 0;
    for (int i = 0; i < end; i++) {
      int value = BASE32.indexOf(compact.charAt(i));
      if (value < 0) {
        Arrays.fill(bytes, (byte) 0);
        throw new IllegalArgumentException(
            "the TOTP secret is not base32 (A-Z and 2-7 only, padding at the end)");
      }
      buffer = (buffer << 5 | value) & 0xfff; // never more than 12 bits pending
      bits += 5;
      if (bits >= 8) {
        bits -= 8;
        bytes[written++] = (byte) (buffer >> bits);
      }
    }
    return bytes;
  }

  /** RFC 4648 base32 without padding. */
  static String base32(byte[] bytes) {
    StringBuilder text = new StringBuilder((bytes.length * 8 + 4) / 5);
    int buffer = 0;
    int bits = 0;
    for (byte b : bytes) {
      buffer = (buffer << 8 | (b & 0xff)) & 0xfff; // never more than 12 bits pending
      bits += 8;
      while (bits >= 5) {
        bits -= 5;
        text.append(BASE32.charAt((buffer >> bits) & 0x1f));
      }
    }
    if (bits > 0) {
      text.append(BASE32.charAt((buffer << (5 - bits)) & 0x1f));
    }
    return text.toString();
  }
}
