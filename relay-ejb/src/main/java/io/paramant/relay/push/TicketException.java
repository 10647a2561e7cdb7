package io.paramant.relay.push;

import io.paramant.relay.RelayException;

/** A ticket that cannot be issued or redeemed. */
public class TicketException extends RelayException {

  private static final long serialVersionUID = 1L;

  private TicketException(Kind kind, String code, String detail) {
    super(kind, code, detail);
  }

  static TicketException invalid() {
    return new TicketException(
        Kind.UNAUTHENTICATED, "invalid_ticket", "The ticket is unknown, already used or expired.");
  }

  static TicketException tooMany() {
    return new TicketException(
        Kind.CONFLICT,
        "too_many_tickets",
        "This account holds too many unused tickets; use or let them expire first.");
  }
}
