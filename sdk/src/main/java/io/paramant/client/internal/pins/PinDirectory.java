package io.paramant.client.internal.pins;

/** Where pins live: {@code <state>/pins/}, owner-only like every private file of the client. */
public final class PinDirectory {

  public static final String NAME = "pins";

  private PinDirectory() {}
}
