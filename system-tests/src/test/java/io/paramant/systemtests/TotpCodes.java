package io.paramant.systemtests;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The test's own authenticator app: an RFC 6238 TOTP (HMAC-SHA1, 30 s, 6 digits) written from the
 * RFC, independent of the console's implementation. The console accepts each time step once, so
 * consecutive sign-ins use the next step (the console allows one step of clock drift).
 */
final class TotpCodes {

  private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  private final byte[] secret;
  private long lastStep = -1;

  TotpCodes() {
    secret = new byte[20];
    new SecureRandom().nextBytes(secret);
  }

  /** The secret as the operator configures it (ADMIN_TOTP_SECRET, base32 without padding). */
  String base32() {
    StringBuilder out = new StringBuilder();
    int buffer = 0;
    int bits = 0;
    for (byte b : secret) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(BASE32.charAt((buffer >> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(BASE32.charAt((buffer << (5 - bits)) & 31));
    }
    return out.toString();
  }

  /** A code the console has not seen yet (this step, or the next one if this one was used). */
  synchronized String next() throws InterruptedException {
    long step = System.currentTimeMillis() / 30_000;
    while (step <= lastStep) {
      if (lastStep == step) {
        step++; // the next step is within the console's window
        break;
      }
      Thread.sleep(1_000);
      step = System.currentTimeMillis() / 30_000;
    }
    lastStep = step;
    return code(step);
  }

  /**
   * The code of {@code step}, which must be later than any step this app handed out (it is marked
   * used).
   */
  synchronized String claim(long step) {
    if (step <= lastStep) {
      throw new IllegalStateException("step " + step + " was handed out already");
    }
    lastStep = step;
    return code(step);
  }

  /** The latest step handed out. */
  synchronized long lastStep() {
    return lastStep;
  }

  /** The code of a step long gone (a well-formed wrong code). */
  String stale() {
    return code(System.currentTimeMillis() / 30_000 - 10);
  }

  /** The current code, for an attempt the console is not expected to check (not marked used). */
  String unchecked() {
    return code(System.currentTimeMillis() / 30_000);
  }

  String code(long step) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(secret, "HmacSHA1"));
      byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
      int offset = hash[hash.length - 1] & 0x0f;
      int binary = ByteBuffer.wrap(hash, offset, 4).getInt() & 0x7fffffff;
      return String.format("%06d", binary % 1_000_000);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
