/**
 * Push: one-time WebSocket tickets. A receiver trades its API key for a ticket ({@code POST
 * /v2/ws-ticket}) and opens {@code /v2/stream?ticket=...}, so the key never appears in a URL. A
 * ticket is random (256 bits), bound to the issuing account, valid once and for {@link
 * io.paramant.relay.push.Tickets#VALIDITY_MS}; only its SHA-256 is held, so the table reveals no
 * usable ticket.
 */
package io.paramant.relay.push;
