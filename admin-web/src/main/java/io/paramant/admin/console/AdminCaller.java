package io.paramant.admin.console;

import jakarta.enterprise.context.RequestScoped;

/**
 * Whether this request comes from the admin: an admin API call whose bearer token (and TOTP code)
 * the API's filter admitted. Console pages are the admin's through {@link AdminSession}.
 */
@RequestScoped
public class AdminCaller {

  private boolean admitted;

  /** Marks this API request as the admin's. */
  public void admit() {
    admitted = true;
  }

  boolean admitted() {
    return admitted;
  }
}
