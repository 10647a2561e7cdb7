package io.paramant.accounts;

import java.util.List;

/** The plans of API.md, by their users.json names. */
public final class Plans {

  public static final List<String> NAMES = List.of("free", "pro", "enterprise");

  private Plans() {}

  /**
   * @throws AccountsException {@code invalid_plan} for anything but free, pro or enterprise
   */
  public static String require(String plan) {
    if (plan == null || !NAMES.contains(plan)) {
      throw AccountsException.invalid("invalid_plan", "plan must be one of free, pro, enterprise.");
    }
    return plan;
  }
}
