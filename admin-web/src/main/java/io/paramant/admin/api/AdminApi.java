package io.paramant.admin.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The admin API of ../shared/API.md at {@code /api}: bearer admin token, JSON in and out. */
@ApplicationPath("api")
public class AdminApi extends Application {}
