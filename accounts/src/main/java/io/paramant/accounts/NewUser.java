package io.paramant.accounts;

/**
 * A just-created account and its API key: the only object that ever holds a new key, shown once and
 * then dropped.
 */
public record NewUser(User user, String key) {

  @Override
  public String toString() {
    return "NewUser[" + user.label() + "]"; // never the key
  }
}
