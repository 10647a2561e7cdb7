/**
 * Files as sequences of chunks: cutting a file into chunks that each fit one blob ({@link
 * io.paramant.client.internal.transfer.OutgoingFile}) and putting authenticated chunks back
 * together ({@link io.paramant.client.internal.transfer.ChunkAssembler}).
 *
 * <h2>Assembly invariants</h2>
 *
 * <ul>
 *   <li>Only authenticated chunks are written: the assembler takes {@code OpenedChunk}s, which only
 *       a successful open makes, and checks file id, index, count, sender and running size from
 *       their authenticated header and meta before it writes a byte. Chunks must come in order 0,
 *       1, ..., n-1: a duplicate, a gap, a changed count or a chunk of another file is refused and
 *       leaves the state as it was, so the right chunk can still follow.
 *   <li>All chunks of a file come from the same sender as chunk 0: all unsigned, or all signed by
 *       one DID. Otherwise a relay could splice its own chunk (anyone can seal to a public key)
 *       into a signed file.
 *   <li>Data goes to {@code .paramant-<file id>.part} in the target directory (owner-only); only
 *       after the last chunk is the part file renamed, atomically, to the file's name. The name is
 *       never visible with partial or unauthenticated content, and an existing file is never
 *       replaced.
 * </ul>
 *
 * <h2>Resuming</h2>
 *
 * A journal in the state directory ({@code <file id>.journal}, owner-only) records, after each
 * chunk's data is on disk, the chunk's index, length and SHA-256. A new assembler for the same file
 * id re-reads the part file, re-hashes every recorded chunk and keeps the longest verified prefix
 * (cutting off a chunk torn by a crash); the network layer then asks {@link
 * io.paramant.client.internal.transfer.ChunkAssembler#nextIndex()} where to go on. The journal
 * guards against crashes and disk damage, not against a local attacker who can write the user's
 * files: such an attacker could replace the device keys as well.
 *
 * <p>The relay burns a blob once it has been downloaded, so the receiver keeps every downloaded
 * blob, still sealed, in the state directory until its chunk is on disk ({@link
 * io.paramant.client.internal.transfer.ReceiveState}); with the transfer's file id recorded there
 * too, a receive killed at any point resumes: chunks on disk are re-verified, a kept blob is used
 * instead of the relay's (gone) copy, and the remaining chunks are still on the relay.
 */
package io.paramant.client.internal.transfer;
