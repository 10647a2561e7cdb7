/**
 * The accounts of a deployment: users.json (format in API.md), its rules (label, team, e-mail,
 * plan) and its one writer, {@link io.paramant.accounts.UsersFile}.
 *
 * <p>Invariants: every change to users.json goes through {@code UsersFile} (the admin console, and
 * the CLI's {@code paramant admin --users-file} that the launcher runs while the console is down),
 * so there is one lock ({@code users.json.lock}), one read–modify–write, one atomic owner-only
 * replace, and one edition cap with one sentence. No API key is ever written or kept: only its
 * SHA-256. This module has no container types, so the console's WAR, the EAR and the CLI share it;
 * it leaves JSON-P to whoever runs it (the application server, or the CLI's Parsson).
 *
 * <p>The relays read the file with their own stricter reader ({@code
 * io.paramant.relay.accounts.UsersFile} in relay-ejb, which validates every field before a key is
 * accepted); they never write it.
 */
package io.paramant.accounts;
