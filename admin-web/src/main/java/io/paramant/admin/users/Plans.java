package io.paramant.admin.users;

import io.paramant.admin.AdminException;
import java.util.List;

/** The plans of API.md, by their users.json names. */
public final class Plans {

  public static final List<String> NAMES = List.of("free", "pro", "enterprise");

  private Plans() {}

  /**
   * @throws AdminException 400 {@code invalid_plan} for anything but free, pro or enterprise
   */
  public static String require(String plan) {
    if (plan == null || !NAMES.contains(plan)) {
      throw AdminException.invalid("invalid_plan", "plan must be one of free, pro, enterprise.");
    }
    return plan;
  }
}
