/**
 * The durable, append-only journal that the transparency log of a sector lives in.
 *
 * <p>The invariant: an append that returned is on disk, in order, and is never lost or changed;
 * what a crash can damage is only the one commit in flight, whose appends had not returned. Every
 * record is framed with its length and a CRC32C, so opening finds the end of the intact records,
 * cuts a torn tail of at most one commit and refuses anything longer. The journal stores the leaf
 * bytes only; the tree and indexes are rebuilt from them on start. See {@link
 * io.paramant.ct.journal.Journal} for the format and the group commit.
 */
package io.paramant.ct.journal;
