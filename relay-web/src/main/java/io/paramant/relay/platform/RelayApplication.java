package io.paramant.relay.platform;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The relay's HTTP API lives at the server root: {@code /health} and {@code /v2/...}. */
@ApplicationPath("/")
public class RelayApplication extends Application {}
