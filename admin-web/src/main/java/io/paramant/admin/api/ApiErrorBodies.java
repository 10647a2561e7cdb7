package io.paramant.admin.api;

import io.paramant.web.platform.ApiErrorWriter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

/**
 * The admin API writes its errors with the platform's JSON writer, members in the documented order
 * ({@code {"ok":false,"error":…,"detail":…}}), as the console has always answered — unlike the
 * relay, whose JSON-B sorts them.
 */
@Provider
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
public class ApiErrorBodies extends ApiErrorWriter {}
