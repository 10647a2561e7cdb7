package io.paramant.web.platform;

/**
 * Reads the token of an {@code Authorization: Bearer <token>} header (RFC 6750): the scheme in any
 * case, the token without surrounding blanks. It only parses; the caller compares the token in
 * constant time with the secret it guards.
 */
public final class BearerToken {

  private static final String SCHEME = "Bearer ";

  private BearerToken() {}

  /** The token, or {@code null} when the header is absent or names another scheme. */
  public static String of(String authorization) {
    if (authorization == null
        || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return null;
    }
    return authorization.substring(SCHEME.length()).strip();
  }
}
