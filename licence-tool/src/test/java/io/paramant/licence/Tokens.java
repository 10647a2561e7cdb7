package io.paramant.licence;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Base64;

/** Test helpers: one key pair for the whole run, and tokens over payloads of any content. */
final class Tokens {

  static final KeyPair VENDOR = LicenceIssuer.generateKeyPair();
  static final String VENDOR_PUBLIC_KEY = publicKey(VENDOR);

  private Tokens() {}

  static String publicKey(KeyPair keys) {
    return Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
  }

  /** A token signed by the vendor's key over {@code json}, valid or not as a licence. */
  static String signed(String json) {
    return LicenceIssuer.token(VENDOR.getPrivate(), json.getBytes(StandardCharsets.UTF_8));
  }

  /** A well-formed payload; {@code extra} is spliced in before the closing brace. */
  static String payload(String exp, int maxUsers) {
    return "{\"v\":1,\"id\":\"0f9c6a5e-4b7d-4a43-9a53-3c1b2f3e8d11\",\"to\":\"ACME GmbH\","
        + "\"iat\":\"2025-01-01T00:00:00Z\",\"exp\":\""
        + exp
        + "\",\"max_users\":"
        + maxUsers
        + "}";
  }

  /** The JSON payload of {@code token}. */
  static String payloadOf(String token) {
    String encoded = token.substring("plk_".length(), token.indexOf('.'));
    return new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
  }

  /** {@code token} with its payload replaced by {@code json} and its signature kept. */
  static String withPayload(String token, String json) {
    return "plk_"
        + Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(json.getBytes(StandardCharsets.UTF_8))
        + token.substring(token.indexOf('.'));
  }
}
