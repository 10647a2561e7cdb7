/**
 * The transparency log of a sector: what the relay appends to and what clients audit.
 *
 * <p>{@code io.paramant.ct.ejb.TransparencyLog} (module {@code ct-log-ejb}) is the container's face
 * of it; {@link io.paramant.ct.SectorLog} does the work and runs without a container. The pieces:
 * leaves are {@link io.paramant.ct.entry.LogEntry} bytes, kept durably by the {@link
 * io.paramant.ct.journal.Journal}, hashed into the RFC 9162 {@link
 * io.paramant.ct.merkle.MerkleTree} with SHA3-256, and summed up by tree heads that the relay's
 * {@link io.paramant.ct.sth.RelayIdentity} signs.
 *
 * <h2>Concurrency</h2>
 *
 * Appends run concurrently; the journal commits them in groups, and only the committing thread
 * writes the tree and the subject index, one commit after the other. A leaf is in the journal
 * before the tree publishes it, and in the tree before its append returns, so every size the tree
 * publishes can be read back and proven, and a returned index can be proven at once. Readers never
 * wait for appends: they read the tree's published size first and only ask for what it covers.
 *
 * <h2>What the log promises</h2>
 *
 * Append-only across restarts: the journal is replayed on start, so the tree continues where it
 * stopped and every tree head signed before a restart is consistent with every later one. An
 * appended (returned) leaf is never lost or changed. Leaves hold hashes and names only.
 */
package io.paramant.ct;
