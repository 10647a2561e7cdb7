/**
 * The accounts of a deployment and the rules shared by every module: users.json (format in API.md)
 * with its one codec ({@link io.paramant.accounts.UsersJson}) and its one writer ({@link
 * io.paramant.accounts.UsersFile}); the label, team and e-mail rules ({@link
 * io.paramant.accounts.UserFields}), the device id rule ({@link io.paramant.accounts.DeviceIds}),
 * the plans ({@link io.paramant.accounts.Plan}), team-or-self ({@link
 * io.paramant.accounts.TeamOrSelf}), the sector list ({@link io.paramant.accounts.SectorList}) and
 * edition resolution ({@link io.paramant.accounts.EditionInForce}). Each rule lives here once; the
 * relays, the console and the client word its refusals their own way.
 *
 * <p>Invariants: every change to users.json goes through {@code UsersFile} (the admin console, and
 * the CLI's {@code paramant admin --users-file} that the launcher runs while the console is down),
 * so there is one lock ({@code users.json.lock}), one read–modify–write, one atomic owner-only
 * replace, and one edition cap with one sentence. No API key is ever written or kept: only its
 * SHA-256. This module has no container types, so the console's WAR, the EAR and the CLI share it;
 * it leaves JSON-P to whoever runs it (the application server, or the CLI's Parsson).
 *
 * <p>The relays read the file with the same codec, which validates every field before a key is
 * accepted; they never write it.
 */
package io.paramant.accounts;
