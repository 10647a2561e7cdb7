package io.paramant.admin.console;

import io.paramant.admin.AdminException;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;

/** Faces messages for the console's pages. */
final class Messages {

  private Messages() {}

  static void info(FacesContext faces, String text) {
    faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_INFO, text, null));
  }

  /** A refused action, in the words of the admin API's detail. */
  static void refused(FacesContext faces, AdminException e) {
    faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR, e.detail(), null));
  }
}
