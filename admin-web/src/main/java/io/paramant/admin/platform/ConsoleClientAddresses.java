package io.paramant.admin.platform;

import io.paramant.web.clients.ClientAddresses;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The console's {@link ClientAddresses}: the relays' rule as an application-scoped bean, so the
 * sign-in slow-down keys on the client behind nginx (with {@code PARAMANT_TRUSTED_PROXIES}), not on
 * nginx itself.
 */
@ApplicationScoped
public class ConsoleClientAddresses extends ClientAddresses {}
