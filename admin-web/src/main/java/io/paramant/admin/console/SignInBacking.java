package io.paramant.admin.console;

import io.paramant.admin.signin.Gate;
import io.paramant.web.clients.ClientAddresses;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;

/**
 * signin.xhtml: the admin token (and a TOTP code when configured). On success the session id is
 * changed (no session fixation) and the admin goes to the dashboard; sign-out ends the session.
 */
@Named
@RequestScoped
public class SignInBacking {

  @Inject Gate gate;
  @Inject AdminSession session;
  @Inject FacesContext faces;
  @Inject ClientAddresses clientAddresses;

  private String token;
  private String code;

  public String signIn() {
    ExternalContext external = faces.getExternalContext();
    HttpServletRequest request = (HttpServletRequest) external.getRequest();
    Gate.Outcome outcome = gate.signIn(clientAddresses.limitUnitOf(request), token, code);
    token = null;
    code = null;
    if (outcome instanceof Gate.Outcome.Admitted) {
      request.changeSessionId();
      session.signIn();
      return "/index.xhtml?faces-redirect=true";
    }
    long wait =
        outcome instanceof Gate.Outcome.Throttled t
            ? t.retryAfter().toSeconds()
            : ((Gate.Outcome.Refused) outcome).retryAfter().toSeconds();
    String text =
        outcome instanceof Gate.Outcome.Throttled
            ? "Too many failed sign-ins. Try again in " + Math.max(1, wait) + " s."
            : gate.secondFactor() ? "Wrong admin token or code." : "Wrong admin token.";
    faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR, text, null));
    return null;
  }

  public String signOut() {
    faces.getExternalContext().invalidateSession();
    return "/signin.xhtml?faces-redirect=true";
  }

  public boolean isSecondFactor() {
    return gate.secondFactor();
  }

  public String getToken() {
    return null; // never rendered back
  }

  public void setToken(String token) {
    this.token = token;
  }

  public String getCode() {
    return null;
  }

  public void setCode(String code) {
    this.code = code;
  }
}
