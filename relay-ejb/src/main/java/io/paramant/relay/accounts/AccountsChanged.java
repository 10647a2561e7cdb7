package io.paramant.relay.accounts;

/**
 * Fired after a new users.json came into force, so that features holding long-lived sessions (push
 * sockets) can drop accounts that were revoked or removed.
 */
public record AccountsChanged() {}
