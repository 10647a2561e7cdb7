package io.paramant.relay.accounts;

import io.paramant.licence.Edition;
import io.paramant.relay.RelayException;

/** Adding a device to a team was refused by a rule of the plan, the edition or the labels. */
public class TeamException extends RelayException {

  private static final long serialVersionUID = 1L;

  private TeamException(Kind kind, String code, String detail) {
    super(kind, code, detail);
  }

  static TeamException planRequired() {
    return new TeamException(
        Kind.FORBIDDEN,
        "plan_required",
        "Adding devices to a team needs the pro or enterprise plan.");
  }

  static TeamException deviceLimit(int members, int maxDevices) {
    return new TeamException(
        Kind.FORBIDDEN,
        "device_limit",
        "The team has "
            + members
            + " devices, revoked ones included; its plan allows "
            + maxDevices
            + ".");
  }

  static TeamException editionLimit(String detail) {
    return new TeamException(
        Kind.EDITION_LIMIT,
        "edition_limit",
        detail != null
            ? detail
            : "The Community Edition allows at most "
                + Edition.COMMUNITY_MAX_USERS
                + " active users; a licence lifts the limit.");
  }

  static TeamException labelTaken(String label) {
    return new TeamException(
        Kind.CONFLICT, "label_taken", "An account labelled '" + label + "' exists already.");
  }
}
