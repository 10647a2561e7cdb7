/**
 * Who the client of a request is, behind a reverse proxy or not.
 *
 * <h2>The rule</h2>
 *
 * The client address is the TCP peer's address, unless the peer is in {@code
 * paramant.trusted-proxies} (PARAMANT_TRUSTED_PROXIES: addresses and CIDR blocks, default none).
 * Only then is {@code X-Forwarded-For} read, from its right end: the rightmost address that is not
 * a trusted proxy is the client (when all are trusted, the leftmost). The header of an untrusted
 * peer is never read, so a client that talks to a relay or the console directly cannot choose its
 * address; and a client behind the proxy can only prepend entries, which the walk from the right
 * never reaches past the first untrusted hop. A header that is absent or holds anything other than
 * bare IP addresses gives the peer's address.
 *
 * <p>{@code X-Forwarded-For} rather than {@code X-Real-IP}: it carries a chain, so a CDN or load
 * balancer in front of nginx can be added to the trusted list without changing this rule. The nginx
 * template ({@code server-config/nginx}) sets the header to {@code $remote_addr}, replacing any
 * that the client sent.
 *
 * <h2>Limits</h2>
 *
 * A trusted address is trusted for every process that can connect from it. The relays listen on
 * 127.0.0.1, so with nginx on the same host the trusted proxy is 127.0.0.1, and any process on the
 * relay's host can then claim a client address of its choice: trust 127.0.0.1 only on a host where
 * that is acceptable (nothing but the deployment runs there). A direct client from a trusted
 * address that sends no header counts as itself.
 */
package io.paramant.web.clients;
