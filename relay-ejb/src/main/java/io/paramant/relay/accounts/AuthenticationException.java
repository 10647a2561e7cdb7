package io.paramant.relay.accounts;

import io.paramant.relay.RelayException;

/** A missing, unknown, revoked or refused credential. The detail never repeats the credential. */
public class AuthenticationException extends RelayException {

  private static final long serialVersionUID = 1L;

  private AuthenticationException(String code, String detail) {
    super(Kind.UNAUTHENTICATED, code, detail);
  }

  static AuthenticationException missingKey() {
    return new AuthenticationException(
        "missing_key", "An API key is required in the X-Api-Key header.");
  }

  static AuthenticationException invalidKey() {
    return new AuthenticationException("invalid_key", "The API key is unknown or revoked.");
  }

  static AuthenticationException licenceKey() {
    return new AuthenticationException(
        "licence_key_refused", "plk_ licence keys are operator configuration, not API keys.");
  }

  static AuthenticationException invalidAdminToken() {
    return new AuthenticationException(
        "invalid_admin_token", "Admin routes need Authorization: Bearer <ADMIN_TOKEN>.");
  }
}
