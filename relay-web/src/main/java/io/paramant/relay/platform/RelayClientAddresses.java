package io.paramant.relay.platform;

import io.paramant.web.clients.ClientAddresses;
import jakarta.enterprise.context.ApplicationScoped;

/** This relay's {@link ClientAddresses}: the web-platform rule as an application-scoped bean. */
@ApplicationScoped
public class RelayClientAddresses extends ClientAddresses {}
