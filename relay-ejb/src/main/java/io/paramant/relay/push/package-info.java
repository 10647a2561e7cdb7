/**
 * Push: one-time WebSocket tickets. A receiver trades its API key for a ticket ({@code POST
 * /v2/ws-ticket}) and opens {@code /v2/stream?ticket=...}, so the key never appears in a URL. A
 * ticket is random (256 bits), bound to the issuing account, valid once and for {@link
 * io.paramant.relay.push.Tickets#VALIDITY_MS}; only its SHA-256 is held, so the table reveals no
 * usable ticket.
 *
 * <p>Bounds: an account holds at most {@link
 * io.paramant.relay.push.Tickets#MAX_OUTSTANDING_PER_ACCOUNT} unredeemed tickets (checked and
 * counted in one atomic step). Redeeming checks again that the account is active, and when
 * users.json changes the unredeemed tickets of accounts that are no longer active are dropped, so a
 * revoked key's tickets die with it.
 */
package io.paramant.relay.push;
