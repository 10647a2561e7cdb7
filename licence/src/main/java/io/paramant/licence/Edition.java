package io.paramant.licence;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The edition a relay runs as: Licensed while it holds a genuine, unexpired licence ({@code
 * PLK_KEY}, checked against {@code PARAMANT_LICENCE_PUBLIC_KEY}), Community otherwise, with at most
 * {@value #COMMUNITY_MAX_USERS} active users. Resolving never fails: a missing or refused licence
 * gives the Community Edition, and {@link #explanation()} says why in one log line.
 */
public final class Edition {

  public static final int COMMUNITY_MAX_USERS = 5;

  private static final String COMMUNITY = "community";
  private static final String LICENSED = "licensed";

  /** The genuine licence, expired or not, that {@link #at(Instant)} re-evaluates. */
  private final Optional<Licence> genuine;

  private final boolean licensed;
  private final String explanation;

  private Edition(Optional<Licence> genuine, boolean licensed, String explanation) {
    this.genuine = genuine;
    this.licensed = licensed;
    this.explanation = explanation;
  }

  /**
   * The edition for the operator's licence token and the vendor's public key (each absent when not
   * configured; a blank value counts as absent) at {@code now}.
   */
  public static Edition resolve(
      Optional<String> plkKey, Optional<String> publicKeyBase64, Instant now) {
    Objects.requireNonNull(now, "now");
    Optional<String> token = present(plkKey);
    Optional<String> publicKey = present(publicKeyBase64);
    if (token.isEmpty()) {
      return community("PLK_KEY is not set");
    }
    if (publicKey.isEmpty()) {
      return community("PLK_KEY is set but PARAMANT_LICENCE_PUBLIC_KEY is not");
    }
    LicenceVerifier verifier;
    try {
      verifier = LicenceVerifier.fromPublicKey(publicKey.get());
    } catch (IllegalArgumentException e) {
      return community("PARAMANT_LICENCE_PUBLIC_KEY is invalid: " + e.getMessage());
    }
    try {
      return of(verifier.authenticate(token.get()), now);
    } catch (LicenceException e) {
      return community("PLK_KEY is refused (" + e.reason() + "): " + e.getMessage());
    }
  }

  /**
   * This edition at {@code now}: a licensed edition becomes the Community Edition once its licence
   * has expired (and a genuine licence checked before its expiry counts again); an edition without
   * a genuine licence stays what it is.
   */
  public Edition at(Instant now) {
    Objects.requireNonNull(now, "now");
    return genuine.map(licence -> of(licence, now)).orElse(this);
  }

  /** {@code "community"} or {@code "licensed"}. */
  public String name() {
    return licensed ? LICENSED : COMMUNITY;
  }

  /** {@value #COMMUNITY_MAX_USERS} for the Community Edition, the licence's limit otherwise. */
  public int maxActiveUsers() {
    return licensed ? genuine.orElseThrow().maxUsers() : COMMUNITY_MAX_USERS;
  }

  /** The licence, when this is the Licensed Edition. */
  public Optional<Licence> licence() {
    return licensed ? genuine : Optional.empty();
  }

  /** Why this edition, in one line fit for a log: no token, no key. */
  public String explanation() {
    return explanation;
  }

  @Override
  public String toString() {
    return explanation;
  }

  private static Edition of(Licence licence, Instant now) {
    if (!now.isBefore(licence.expires())) {
      return new Edition(
          Optional.of(licence),
          false,
          communityLine(
              "the licence "
                  + licence.id()
                  + " issued to "
                  + licence.issuedTo()
                  + " expired at "
                  + licence.expires()));
    }
    return new Edition(
        Optional.of(licence),
        true,
        "Licensed Edition: licence "
            + licence.id()
            + " issued to "
            + licence.issuedTo()
            + ", up to "
            + licence.maxUsers()
            + " active users, until "
            + licence.expires());
  }

  private static Edition community(String why) {
    return new Edition(Optional.empty(), false, communityLine(why));
  }

  private static String communityLine(String why) {
    return "Community Edition (up to " + COMMUNITY_MAX_USERS + " active users): " + why;
  }

  private static Optional<String> present(Optional<String> value) {
    return value.map(String::strip).filter(s -> !s.isEmpty());
  }
}
