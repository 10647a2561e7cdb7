package io.paramant.relay.did;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.paramant.relay.InvalidInputException;
import io.paramant.relay.RelayException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.TreeMap;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.generators.MLDSAKeyPairGenerator;
import org.bouncycastle.crypto.params.MLDSAKeyGenerationParameters;
import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLDSAPublicKeyParameters;
import org.bouncycastle.crypto.signers.MLDSASigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The checks of a DID-signed request in their order, each with its code. */
class DidAuthenticationTest {

  private static final long NOW = 1_765_000_000_000L;
  private static final byte[] LOG_KEY = new byte[1952];
  private static final AsymmetricCipherKeyPair KEYS = keys();
  private static final byte[] PUBLIC = ((MLDSAPublicKeyParameters) KEYS.getPublic()).getEncoded();
  private static final String DID = Did.of(PUBLIC, new byte[65]);

  private final DidAuthentication authentication =
      new DidAuthentication(
          new DidNonces(), Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));

  DidAuthenticationTest() {
    authentication.startWith(NOW - 60_000, LOG_KEY);
  }

  @Test
  void a_signed_request_passes_once_and_its_replay_is_a_reused_nonce() throws Exception {
    DidRequest request = signed(NOW, "nonce-aaaaaaaaaaaa", "/v2/status/" + "ab".repeat(32));
    authentication.check(request, PUBLIC);
    assertCode("did_nonce_reused", () -> authentication.check(request, PUBLIC));
  }

  @Test
  void each_refusal_has_its_code() throws Exception {
    DidRequest good = signed(NOW, "nonce-bbbbbbbbbbbb", "/v2/monitor");
    assertCode(
        "did_auth_incomplete", () -> authentication.check(with(good, null, good.nonce()), PUBLIC));
    assertCode(
        "did_auth_malformed",
        () -> authentication.check(with(good, good.signature(), "short"), PUBLIC));
    assertCode(
        "did_auth_malformed",
        () ->
            authentication.check(with(good, good.signature().substring(1), good.nonce()), PUBLIC));
    assertCode(
        "did_timestamp_out_of_window",
        () ->
            authentication.check(
                signed(NOW - 300_001, "nonce-cccccccccccc", "/v2/monitor"), PUBLIC));
    assertCode(
        "did_timestamp_out_of_window",
        () ->
            authentication.check(
                signed(NOW + 300_001, "nonce-dddddddddddd", "/v2/monitor"), PUBLIC));
    // PROTOCOL.md's 300 s ahead is cut to 30 s: a request stamped ahead would outlive a restart
    assertCode(
        "did_timestamp_out_of_window",
        () ->
            authentication.check(
                signed(NOW + 30_001, "nonce-gggggggggggg", "/v2/monitor"), PUBLIC));
    authentication.check(signed(NOW + 29_000, "nonce-hhhhhhhhhhhh", "/v2/monitor"), PUBLIC);
    // signed before the relay started (within the window): nonces of that time are gone
    assertCode(
        "did_timestamp_out_of_window",
        () ->
            authentication.check(
                signed(NOW - 61_000, "nonce-eeeeeeeeeeee", "/v2/monitor"), PUBLIC));
    // the same signature over another target
    DidRequest moved =
        new DidRequest(
            good.did(),
            good.timestamp(),
            good.nonce(),
            null,
            good.signature(),
            "GET",
            "/v2/audit",
            null,
            new TreeMap<>(),
            false);
    assertCode("did_signature_invalid", () -> authentication.check(moved, PUBLIC));
    // a bodiless request whose body hash is not the hash of nothing
    DidRequest claimsBody =
        new DidRequest(
            good.did(),
            good.timestamp(),
            good.nonce(),
            "ab".repeat(32),
            good.signature(),
            "GET",
            "/v2/monitor",
            null,
            new TreeMap<>(),
            false);
    assertCode("did_body_mismatch", () -> authentication.check(claimsBody, PUBLIC));
    InvalidInputException target =
        assertThrows(
            InvalidInputException.class,
            () -> authentication.check(signed(NOW, "nonce-ffffffffffff", "/v2//monitor"), PUBLIC));
    assertEquals("target_not_normalised", target.code());
    // the refused requests spent no nonce: the good one still passes
    authentication.check(good, PUBLIC);
  }

  private static void assertCode(String code, Executable call) {
    RelayException e = assertThrows(RelayException.class, call);
    assertEquals(code, e.code());
  }

  private static DidRequest with(DidRequest r, String signature, String nonce) {
    return new DidRequest(
        r.did(),
        r.timestamp(),
        nonce,
        r.bodySha256(),
        signature,
        r.method(),
        r.target(),
        r.contentType(),
        r.paramantHeaders(),
        r.hasBody());
  }

  private static DidRequest signed(long at, String nonce, String target) throws CryptoException {
    DidRequest unsigned =
        new DidRequest(
            DID, Long.toString(at), nonce, null, null, "GET", target, null, new TreeMap<>(), false);
    byte[] lines =
        DidSignedLines.of(
            unsigned, DidAuthentication.EMPTY_BODY_SHA256, DidAuthentication.keyIdOf(LOG_KEY));
    MLDSASigner signer = new MLDSASigner();
    signer.init(true, KEYS.getPrivate());
    signer.update(lines, 0, lines.length);
    return with(
        unsigned,
        Base64.getUrlEncoder().withoutPadding().encodeToString(signer.generateSignature()),
        nonce);
  }

  private static AsymmetricCipherKeyPair keys() {
    MLDSAKeyPairGenerator generator = new MLDSAKeyPairGenerator();
    generator.init(new MLDSAKeyGenerationParameters(new SecureRandom(), MLDSAParameters.ml_dsa_65));
    return generator.generateKeyPair();
  }
}
