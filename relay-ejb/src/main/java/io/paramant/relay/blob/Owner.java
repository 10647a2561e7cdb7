package io.paramant.relay.blob;

import java.util.Objects;

/**
 * Who stored a blob, and so who may read it: the same account, or an account of the same team.
 *
 * @param account the account label
 * @param team the account's team, or {@code null}
 */
public record Owner(String account, String team) {

  public Owner {
    Objects.requireNonNull(account, "account");
  }

  /** Whether {@code reader} may download (and be told about) blobs of this owner. */
  public boolean mayRead(Owner reader) {
    return account.equals(reader.account) || (team != null && team.equals(reader.team));
  }
}
