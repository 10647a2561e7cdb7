/**
 * {@code /v2/stream}: tickets and {@code blob_ready} announcements over WebSocket.
 *
 * <h2>Threads</h2>
 *
 * An upload's request thread announces its blob by queueing one message per matching socket in that
 * socket's {@link io.paramant.relay.push.boundary.Outbox} and returns; it never writes to a socket
 * and never waits for one. The {@code subscribed} greeting is written by the thread that opens the
 * socket, before the socket is visible to announcers; every later write (announcements, pings, the
 * closing frame) is made by the one lane thread the socket was given ({@link
 * io.paramant.relay.push.boundary.SendLanes}, threads of the container's {@code
 * ManagedThreadFactory}). So a socket receives the greeting first, then its announcements in the
 * order they were queued.
 *
 * <h2>Bounds</h2>
 *
 * A socket holds at most {@code Subscribers.MAX_PENDING} = 64 messages queued or being written; the
 * one that would be the 65th is not queued and the socket is closed with 1008 ("too slow") instead,
 * by its lane, after what is being written. A lane's queue holds each socket at most twice. Memory
 * therefore grows with the number of open sockets, never with how far a consumer is behind.
 */
package io.paramant.relay.push.boundary;
