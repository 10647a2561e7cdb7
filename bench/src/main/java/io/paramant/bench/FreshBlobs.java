package io.paramant.bench;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * A cheap source of fresh 5 MiB blobs for one sender (not thread-safe; one instance per pair).
 *
 * <p>The blob is filled with random bytes once. {@link #next()} then overwrites its last {@value
 * #TAIL} bytes with new random bytes (the first eight carry a sequence number, so no two blobs of a
 * run are equal), so every blob has new content and a new SHA-256 hash. Regenerating and hashing 5
 * MiB per blob would cost the load generator several milliseconds of CPU per round trip on the same
 * two cores as the relay; instead the SHA-256 state after the unchanged prefix is kept and cloned,
 * and for the JSON form the pre-built request body is patched in place (the hash hex and the base64
 * characters of the tail). The relay still receives, hashes, stores and returns every one of the
 * 5,242,880 bytes.
 */
final class FreshBlobs {

  /** {@code MAX_BLOB} of the API; every client pads to exactly this size. */
  static final int SIZE = 5_242_880;

  /** Bytes rewritten per blob (a multiple of 3 so that it maps onto whole base64 groups). */
  static final int TAIL = 48;

  private static final HexFormat HEX = HexFormat.of();

  private final byte[] blob = new byte[SIZE];
  private final int tailStart = (SIZE - TAIL) / 3 * 3;
  private final MessageDigest prefixDigest;
  private final SplittableRandom random;
  private final byte[] json;
  private final int jsonHashAt;
  private final int jsonTailAt;
  private long sequence;
  private String hash;

  /**
   * @param seed seeds the content (give every pair its own)
   * @param withJson also maintain the JSON request body {@code {"hash","payload","ttl_ms"}}
   * @param ttlMs the {@code ttl_ms} written into the JSON body
   */
  FreshBlobs(long seed, boolean withJson, long ttlMs) {
    random = new SplittableRandom(seed);
    random.nextBytes(blob);
    prefixDigest = sha256();
    prefixDigest.update(blob, 0, tailStart);
    if (withJson) {
      byte[] head = "{\"hash\":\"".getBytes(StandardCharsets.US_ASCII);
      byte[] middle = "\",\"payload\":\"".getBytes(StandardCharsets.US_ASCII);
      byte[] payload = Base64.getEncoder().encode(blob);
      byte[] end = ("\",\"ttl_ms\":" + ttlMs + "}").getBytes(StandardCharsets.US_ASCII);
      json = new byte[head.length + 64 + middle.length + payload.length + end.length];
      int at = 0;
      System.arraycopy(head, 0, json, at, head.length);
      at += head.length;
      jsonHashAt = at;
      at += 64;
      System.arraycopy(middle, 0, json, at, middle.length);
      at += middle.length;
      jsonTailAt = at + tailStart / 3 * 4;
      System.arraycopy(payload, 0, json, at, payload.length);
      at += payload.length;
      System.arraycopy(end, 0, json, at, end.length);
    } else {
      json = null;
      jsonHashAt = -1;
      jsonTailAt = -1;
    }
  }

  /** Turns the blob (and the JSON body) into a new one; returns its hash. */
  String next() {
    byte[] tail = new byte[SIZE - tailStart];
    random.nextBytes(tail);
    long seq = ++sequence;
    for (int i = 0; i < Long.BYTES; i++) {
      tail[i] = (byte) (seq >>> (8 * i));
    }
    System.arraycopy(tail, 0, blob, tailStart, tail.length);
    MessageDigest digest = clone(prefixDigest);
    digest.update(tail);
    hash = HEX.formatHex(digest.digest());
    if (json != null) {
      byte[] hex = hash.getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(hex, 0, json, jsonHashAt, hex.length);
      byte[] encodedTail = Base64.getEncoder().encode(tail);
      System.arraycopy(encodedTail, 0, json, jsonTailAt, encodedTail.length);
    }
    return hash;
  }

  /** The current blob; callers must not modify it. */
  byte[] blob() {
    return blob;
  }

  /** The JSON request body of the current blob; callers must not modify it. */
  byte[] json() {
    if (json == null) {
      throw new IllegalStateException("created without the JSON form");
    }
    return json;
  }

  String hash() {
    return hash;
  }

  /** Checks that the JSON body and the hash match the blob (run once, outside any measurement). */
  void selfCheck() {
    String expected = HEX.formatHex(sha256().digest(blob));
    if (!expected.equals(hash)) {
      throw new IllegalStateException("FreshBlobs produced a wrong hash");
    }
    if (json != null) {
      String body = new String(json, StandardCharsets.US_ASCII);
      int from = body.indexOf("\"payload\":\"") + 11;
      byte[] decoded = Base64.getDecoder().decode(body.substring(from, body.indexOf('"', from)));
      if (!java.util.Arrays.equals(decoded, blob) || !body.contains("\"hash\":\"" + hash + "\"")) {
        throw new IllegalStateException("FreshBlobs produced a wrong JSON body");
      }
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
    }
  }

  private static MessageDigest clone(MessageDigest digest) {
    try {
      return (MessageDigest) digest.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("the JDK's SHA-256 is cloneable", e);
    }
  }
}
