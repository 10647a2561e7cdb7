package io.paramant.ct.ejb;

import io.paramant.ct.LogRangeException;
import jakarta.ejb.ApplicationException;

/**
 * A {@link LogRangeException} as {@link TransparencyLog} throws it: an {@code
 * ApplicationException}, so the container passes it through unwrapped and does not log it (the
 * caller asked for something outside the log; the relay answers 400). The plain {@code ct-log}
 * library cannot carry the annotation (it imports nothing from Jakarta EE), and an {@code
 * ejb-jar.xml} that declares the class instead is ignored where {@code ct-log-ejb.jar} sits in
 * {@code WEB-INF/lib} (Payara Micro's {@code relay.war}), so the bean rethrows it as this subclass.
 */
@ApplicationException
public class ApplicationLogRangeException extends LogRangeException {

  private static final long serialVersionUID = 1L;

  ApplicationLogRangeException(LogRangeException e) {
    super(e.getMessage());
  }
}
