package io.paramant.licence;

import java.time.Instant;
import java.util.Objects;

/**
 * The fields of a licence whose signature has been checked: who it was issued to, when, until when
 * it holds and how many active users it allows. Nothing in it is secret.
 *
 * @param id the licence's identifier (a UUID when issued by {@link LicenceIssuer})
 * @param issuedTo the customer, as printed in log lines
 * @param issuedAt when it was issued
 * @param expires the first instant at which it no longer holds
 * @param maxUsers the number of active users it allows, at least 1
 */
public record Licence(String id, String issuedTo, Instant issuedAt, Instant expires, int maxUsers) {

  public Licence {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(issuedTo, "issuedTo");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expires, "expires");
    if (maxUsers < 1) {
      throw new IllegalArgumentException("maxUsers must be at least 1, not " + maxUsers);
    }
  }
}
