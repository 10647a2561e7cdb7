package io.paramant.relay.platform;

import io.paramant.web.platform.CorrelatedFailureMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ext.Provider;

/**
 * The last resort: a relay bug. Logged once with a correlation id that the client also receives,
 * answered with a generic 500 that reveals nothing about the internals ({@link
 * CorrelatedFailureMapper}).
 */
@Provider
@ApplicationScoped
public class UnexpectedExceptionMapper extends CorrelatedFailureMapper {

  @Override
  protected String detail(String correlationId) {
    return "The relay failed to process the request (correlation id " + correlationId + ").";
  }
}
