package io.paramant.relay.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One entry of an account's audit chain (PROTOCOL.md, "Notary receipt and audit chain"): {@code
 * {seq, at, event, subject, size?}}, hashed as {@code SHA3-256(prev_hash || canonical JSON)}.
 *
 * <p>The canonical JSON is RFC 8785's (JCS) for this one shape, written here rather than by a
 * general canonicaliser because the shape is fixed: members in the order JCS sorts them ({@code at,
 * event, seq, size, subject}), integers below 2^53 (JCS writes them as plain decimals), and strings
 * from {@link #TEXT} (printable ASCII without {@code "} or {@code \}, which JCS writes verbatim).
 * {@link #of} refuses anything else, so no entry can have a second spelling.
 *
 * @param seq 1 for the first entry of the account, then one more each time
 * @param atMs when the event happened, milliseconds since the epoch
 * @param event what happened ({@link #EVENTS})
 * @param subject what it is about: a blob hash, a key fingerprint, a DID, or {@code account}
 * @param size a size in bytes, or {@code null}
 */
public record AuditEntry(long seq, long atMs, String event, String subject, Long size) {

  /** The events an audit chain records. */
  public static final Set<String> EVENTS =
      Set.of(
          "inbound",
          "burn",
          "expiry",
          "ack",
          "webhook_delivered",
          "webhook_failed",
          "webhook_refused",
          "key_registration",
          "did_registration",
          "revocation");

  /** The hash before the first entry: 32 zero bytes. */
  public static final byte[] GENESIS = new byte[32];

  private static final Pattern TEXT = Pattern.compile("[\\x20-\\x21\\x23-\\x5b\\x5d-\\x7e]{1,200}");
  private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

  public AuditEntry {
    if (seq < 1 || seq > MAX_SAFE_INTEGER) {
      throw new IllegalArgumentException("seq out of range: " + seq);
    }
    if (atMs < 0 || atMs > MAX_SAFE_INTEGER) {
      throw new IllegalArgumentException("at out of range: " + atMs);
    }
    if (!EVENTS.contains(event)) {
      throw new IllegalArgumentException("unknown audit event " + event);
    }
    if (subject == null || !TEXT.matcher(subject).matches()) {
      throw new IllegalArgumentException("subject is not printable ASCII without quotes");
    }
    if (size != null && (size < 0 || size > MAX_SAFE_INTEGER)) {
      throw new IllegalArgumentException("size out of range: " + size);
    }
  }

  /** The RFC 8785 canonical JSON of this entry, UTF-8 (here: ASCII). */
  public byte[] canonicalJson() {
    StringBuilder json =
        new StringBuilder(160)
            .append("{\"at\":")
            .append(atMs)
            .append(",\"event\":\"")
            .append(event)
            .append("\",\"seq\":")
            .append(seq);
    if (size != null) {
      json.append(",\"size\":").append(size);
    }
    json.append(",\"subject\":\"").append(subject).append("\"}");
    return json.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** {@code SHA3-256(prevHash || canonical JSON)}. */
  public byte[] hash(byte[] prevHash) {
    try {
      MessageDigest sha3 = MessageDigest.getInstance("SHA3-256");
      sha3.update(prevHash);
      sha3.update(canonicalJson());
      return sha3.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA3-256 is mandatory in every JDK 9+", e);
    }
  }

  /**
   * Reads back {@link #canonicalJson()}: exactly that form, nothing else.
   *
   * @throws IllegalArgumentException for any other text
   */
  static AuditEntry parseCanonical(String json) {
    java.util.regex.Matcher m = CANONICAL.matcher(json);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a canonical audit entry");
    }
    AuditEntry entry =
        new AuditEntry(
            Long.parseLong(m.group(3)),
            Long.parseLong(m.group(1)),
            m.group(2),
            m.group(5),
            m.group(4) == null ? null : Long.parseLong(m.group(4)));
    if (!new String(entry.canonicalJson(), StandardCharsets.US_ASCII).equals(json)) {
      throw new IllegalArgumentException("not a canonical audit entry");
    }
    return entry;
  }

  private static final Pattern CANONICAL =
      Pattern.compile(
          "\\{\"at\":(0|[1-9][0-9]{0,15}),\"event\":\"([a-z_]{1,32})\",\"seq\":([1-9][0-9]{0,15})"
              + "(?:,\"size\":(0|[1-9][0-9]{0,15}))?,\"subject\":\"([^\"\\\\]{1,200})\"\\}");
}
