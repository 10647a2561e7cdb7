package io.paramant.relay.accounts.boundary;

import io.paramant.relay.accounts.Account;
import jakarta.enterprise.context.RequestScoped;

/** The authenticated account of the current request, set by {@link ApiKeyFilter}. */
@RequestScoped
public class Caller {

  private Account account;

  void authenticated(Account account) {
    this.account = account;
  }

  /** The caller's account; only on routes marked {@link ApiKeyRequired}. */
  public Account account() {
    if (account == null) {
      throw new IllegalStateException("route is not marked @ApiKeyRequired");
    }
    return account;
  }
}
