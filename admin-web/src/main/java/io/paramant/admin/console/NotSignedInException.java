package io.paramant.admin.console;

/**
 * A console action or admin API call reached without a signed-in admin: the request filters let
 * something through that they should not have. Answered like a stranger's request (the sign-in
 * page, or 401 on the API) and logged as the defect it is.
 */
public class NotSignedInException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  NotSignedInException(String bean) {
    super("refused a call into " + bean + " without a signed-in admin", null, false, false);
  }
}
