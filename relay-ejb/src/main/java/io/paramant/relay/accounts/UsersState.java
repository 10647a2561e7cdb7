package io.paramant.relay.accounts;

import java.time.Instant;

/**
 * Which users.json a relay has in force, so that the admin console can tell whether every sector
 * runs the file it wrote.
 *
 * @param usersSha256 lowercase hex SHA-256 of the exact bytes of the file in force, or {@code null}
 *     when there was no file (no accounts)
 * @param users accounts listed, revoked ones included
 * @param active accounts whose key is accepted
 * @param loadedAt when this state came into force
 */
public record UsersState(String usersSha256, int users, int active, Instant loadedAt) {}
