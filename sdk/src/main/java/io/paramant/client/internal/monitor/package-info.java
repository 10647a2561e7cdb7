/**
 * The owner's monitor (PROTOCOL.md, "Owners monitor"): reads every leaf of the relay's log from its
 * raw bytes and reports any leaf that binds this device to keys other than its own.
 *
 * <h2>How the leaves are proven</h2>
 *
 * A scan first verifies the relay's tree head the way every other use of the log does ({@link
 * io.paramant.client.LogVerifier#verify()}: signature with the pinned key, consistency with every
 * head stored before). It then reads the leaves from where the last scan stopped up to that head's
 * size, hashes each leaf's bytes itself, and appends the hashes to the frontier it kept from the
 * last scan ({@link io.paramant.ct.merkle.CompactRange}: the roots of the complete subtrees of the
 * tree it had proven). The root folded from that frontier must be the verified head's root. This
 * proves every leaf read at its index (a relay that hides, alters, reorders or inserts a leaf gets
 * another root), and that the tree proven before is a prefix of the new one, with no inclusion
 * proof per leaf: it is cheaper than checking one proof per leaf and stronger, as it also proves
 * that no index was skipped. The first scan starts from the empty frontier at index 0; a later scan
 * continues from the stored one, so it reads only the new leaves.
 *
 * <h2>State</h2>
 *
 * One file per log key id, namespace and device below {@code <state>/key-monitor/}, replaced
 * atomically after a scan whose root matched: the scanned size, its root, the frontier and every
 * finding so far. A finding stays in the file, so every later scan reports it again; the owner
 * deletes the file after dealing with it (the next scan then starts from index 0 and finds the leaf
 * again: the log never forgets it either).
 */
package io.paramant.client.internal.monitor;
