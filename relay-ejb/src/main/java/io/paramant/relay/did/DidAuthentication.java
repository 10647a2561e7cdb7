package io.paramant.relay.did;

import io.paramant.ct.ejb.TransparencyLog;
import io.paramant.relay.InvalidInputException;
import io.paramant.relay.accounts.Account;
import io.paramant.relay.accounts.Accounts;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLDSAPublicKeyParameters;
import org.bouncycastle.crypto.signers.MLDSASigner;

/**
 * Checks DID-authenticated requests (docs/did.md): the headers' form, the target's form, the DID,
 * the time window, the ML-DSA-65 signature over the lines, the nonce, and the account — in that
 * order, so that a nonce is spent only by a request whose signature verified, and a revoked account
 * is told so only to the key holder.
 *
 * <p>{@code @Startup}: the relay's start is the earliest timestamp accepted (nonces are kept in
 * memory only, so a request signed before a restart could otherwise be replayed after it).
 *
 * <p>The body is not read here: the signed lines carry {@code X-DID-Body-SHA256}, and the web layer
 * hashes the body while the route reads it and refuses it with {@code did_body_mismatch} when it
 * differs ({@link DidAuthenticationException#bodyMismatch}).
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DidAuthentication {

  /** The hex SHA-256 of no bytes: the body line of a request without a body. */
  public static final String EMPTY_BODY_SHA256 =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  static final int SIGNATURE_BYTES = 3309;

  /**
   * How far ahead of the relay's clock a timestamp may be. PROTOCOL.md allows 300 s either way, but
   * a request stamped in the future outlives a restart (the restart fence refuses only timestamps
   * before the start, and nonces are in memory): 30 s ahead, 300 s behind (docs/did.md).
   */
  static final long FUTURE_SKEW_MS = 30_000;

  private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{16,64}");
  private static final Pattern HEX_64 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{1,15}");
  private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+");

  @Inject DidDirectory directory;
  @Inject Accounts accounts;
  @Inject TransparencyLog log;

  private final DidNonces nonces;
  private final Clock clock;
  private long startedAtMs;
  private String logKeyId;

  /** For the container. */
  public DidAuthentication() {
    this(new DidNonces(), Clock.systemUTC());
  }

  DidAuthentication(DidNonces nonces, Clock clock) {
    this.nonces = nonces;
    this.clock = clock;
    this.startedAtMs = clock.millis();
  }

  @PostConstruct
  void start() {
    startedAtMs = clock.millis();
    logKeyId = keyIdOf(log.publicKey());
  }

  /** For tests without a container. */
  void startWith(long startedAtMs, byte[] logPublicKey) {
    this.startedAtMs = startedAtMs;
    this.logKeyId = keyIdOf(logPublicKey);
  }

  /**
   * The active account a DID-authenticated request acts for.
   *
   * @throws DidAuthenticationException for every refusal of docs/did.md's table (401)
   * @throws InvalidInputException {@code target_not_normalised}
   * @throws io.paramant.relay.RateLimitedException {@code too_many_nonces}
   */
  public Account authenticate(DidRequest request) {
    Checked checked = checkForm(request);
    BoundDid bound = directory.find(request.did()).orElseThrow(DidAuthenticationException::unknown);
    verify(request, checked, bound.mlDsa65(), bound.account());
    return accounts
        .activeAccount(bound.account())
        .orElseThrow(DidAuthenticationException::accountRevoked);
  }

  /**
   * Proof of possession for {@code POST /v2/did/register}: the request is DID-authenticated by the
   * keys of its body, whose DID must be {@code X-DID}.
   *
   * @param bodySha256 the SHA-256 of the body as read
   */
  public void requirePossession(
      String account, DidRequest request, byte[] bodySha256, byte[] mlDsa65, byte[] p256) {
    Checked checked = checkForm(request);
    if (!MessageDigest.isEqual(HexFormat.of().parseHex(checked.bodySha256()), bodySha256)) {
      throw DidAuthenticationException.bodyMismatch();
    }
    if (!MessageDigest.isEqual(
        request.did().getBytes(java.nio.charset.StandardCharsets.US_ASCII),
        Did.of(mlDsa65, p256).getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
      throw DidAuthenticationException.mismatchedDid();
    }
    verify(request, checked, mlDsa65, account);
  }

  /**
   * Everything {@link #authenticate} does for a request of a DID whose key is {@code mlDsa65},
   * except the two map lookups (the DID, its account): the form, the time, the signature and the
   * nonce. For tests and benchmarks.
   */
  void check(DidRequest request, byte[] mlDsa65) {
    verify(request, checkForm(request), mlDsa65, request.did());
  }

  /** The form-checked values of a request. */
  private record Checked(long timestampMs, byte[] signature, String bodySha256) {}

  private Checked checkForm(DidRequest request) {
    require(request.did(), "X-DID");
    require(request.timestamp(), "X-DID-Timestamp");
    require(request.nonce(), "X-DID-Nonce");
    require(request.signature(), "X-DID-Signature");
    if (request.hasBody() && request.bodySha256() == null) {
      throw DidAuthenticationException.incomplete("X-DID-Body-SHA256");
    }
    if (!Did.isValid(request.did())) {
      throw DidAuthenticationException.malformed("X-DID is not a did:paramant DID.");
    }
    if (!TIMESTAMP.matcher(request.timestamp()).matches()) {
      throw DidAuthenticationException.malformed(
          "X-DID-Timestamp is milliseconds since the epoch, in decimal digits.");
    }
    if (!NONCE.matcher(request.nonce()).matches()) {
      throw DidAuthenticationException.malformed(
          "X-DID-Nonce is 16 to 64 characters of A-Z, a-z, 0-9, '_' and '-'.");
    }
    String bodySha256 = request.bodySha256() == null ? EMPTY_BODY_SHA256 : request.bodySha256();
    if (!HEX_64.matcher(bodySha256).matches()) {
      throw DidAuthenticationException.malformed("X-DID-Body-SHA256 is 64 lowercase hex digits.");
    }
    if (!request.hasBody() && !bodySha256.equals(EMPTY_BODY_SHA256)) {
      throw DidAuthenticationException.bodyMismatch();
    }
    byte[] signature = signature(request.signature());
    if (!DidTargets.isNormalised(request.target())) {
      throw new InvalidInputException(
          "target_not_normalised",
          "A DID-signed request target must be normalised: no empty, '.' or '..' segment, no"
              + " escaped unreserved character, only A-Z a-z 0-9 - . _ ~ : @ / and %XX in the path.");
    }
    return new Checked(Long.parseLong(request.timestamp()), signature, bodySha256);
  }

  private void verify(DidRequest request, Checked checked, byte[] mlDsa65, String account) {
    long now = clock.millis();
    if (now - checked.timestampMs() > DidNonces.WINDOW_MS
        || checked.timestampMs() - now > FUTURE_SKEW_MS
        || checked.timestampMs() < startedAtMs) {
      throw DidAuthenticationException.outOfWindow();
    }
    byte[] lines = DidSignedLines.of(request, checked.bodySha256(), logKeyId);
    MLDSASigner verifier = new MLDSASigner();
    verifier.init(false, new MLDSAPublicKeyParameters(MLDSAParameters.ml_dsa_65, mlDsa65));
    verifier.update(lines, 0, lines.length);
    if (!verifier.verifySignature(checked.signature())) {
      throw DidAuthenticationException.badSignature();
    }
    if (!nonces.spend(account, request.did(), request.nonce(), checked.timestampMs(), now)) {
      throw DidAuthenticationException.nonceReused();
    }
  }

  private static void require(String value, String header) {
    if (value == null) {
      throw DidAuthenticationException.incomplete(header);
    }
  }

  private static byte[] signature(String text) {
    if (text.length() > 4 * SIGNATURE_BYTES || !BASE64URL.matcher(text).matches()) {
      throw DidAuthenticationException.malformed(
          "X-DID-Signature is base64url without padding of a 3309-byte ML-DSA-65 signature.");
    }
    byte[] signature;
    try {
      signature = Base64.getUrlDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      signature = null;
    }
    if (signature == null || signature.length != SIGNATURE_BYTES) {
      throw DidAuthenticationException.malformed(
          "X-DID-Signature is base64url without padding of a 3309-byte ML-DSA-65 signature.");
    }
    return signature;
  }

  static String keyIdOf(byte[] publicKey) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA3-256").digest(publicKey));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA3-256 is mandatory in every JDK 9+", e);
    }
  }
}
