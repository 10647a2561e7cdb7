package io.paramant.admin.console;

import jakarta.enterprise.context.SessionScoped;
import java.io.Serializable;
import java.time.Instant;

/** The signed-in admin of one browser session (the session times out after 15 minutes idle). */
@SessionScoped
public class AdminSession implements Serializable {

  private static final long serialVersionUID = 1L;

  private Instant signedInAt;

  public boolean signedIn() {
    return signedInAt != null;
  }

  public Instant signedInAt() {
    return signedInAt;
  }

  void signIn() {
    signedInAt = Instant.now();
  }
}
