/**
 * The relay's state, shared by every feature: failures are {@link
 * io.paramant.relay.RelayException}s with a transport-neutral kind, so that this module stays free
 * of HTTP types.
 */
package io.paramant.relay;
