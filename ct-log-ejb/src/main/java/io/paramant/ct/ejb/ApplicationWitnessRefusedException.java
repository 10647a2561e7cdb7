package io.paramant.ct.ejb;

import io.paramant.ct.witness.WitnessRefusedException;
import jakarta.ejb.ApplicationException;

/**
 * A {@link WitnessRefusedException} as {@link LogWitness} throws it: an {@code
 * ApplicationException}, passed through unwrapped and not logged by the container (the relay
 * answers with the refusal's code), for the same reason as {@link ApplicationLogRangeException}.
 */
@ApplicationException
public class ApplicationWitnessRefusedException extends WitnessRefusedException {

  private static final long serialVersionUID = 1L;

  ApplicationWitnessRefusedException(WitnessRefusedException e) {
    super(e.reason(), e.size(), e.getMessage());
  }
}
