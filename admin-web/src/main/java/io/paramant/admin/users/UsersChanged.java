package io.paramant.admin.users;

/** Fired after users.json was replaced; {@code sha256} is the digest of the new file. */
public record UsersChanged(String sha256) {}
