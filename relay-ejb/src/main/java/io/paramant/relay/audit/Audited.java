package io.paramant.relay.audit;

/**
 * Something an account's audit chain records, published as a CDI event by the parts of the relay
 * that have no event of their own for it (key and DID registrations, revocations). Metadata only.
 *
 * @param account the account label whose chain records it
 * @param event one of {@link AuditEntry}'s event names
 * @param subject what it is about (a hash, a fingerprint, a DID, {@code account})
 * @param size a size in bytes, or {@code null}
 * @param atMs when, in milliseconds since the epoch
 */
public record Audited(String account, String event, String subject, Long size, long atMs) {}
