package io.paramant.systemtests;

/**
 * An account in the deployment's users.json, with the API key that {@code paramant user add}
 * printed for it (the file itself holds only the key's SHA-256).
 */
public record TestAccount(String label, String plan, String email, String apiKey, boolean active) {

  @Override
  public String toString() {
    return "TestAccount[" + label + ", " + plan + (active ? "" : ", inactive") + "]";
  }
}
