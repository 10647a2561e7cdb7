package io.paramant.relay.accounts;

/**
 * A device account just added to a team, with its API key: the only time the key is shown. {@link
 * #toString} leaves the key out.
 */
public record NewDevice(String label, String team, String plan, String key) {

  @Override
  public String toString() {
    return "NewDevice[" + label + ", team " + team + ", " + plan + "]";
  }
}
