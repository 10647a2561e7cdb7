/**
 * The entries of the transparency log and their leaf bytes.
 *
 * <p>Anything that is hashed into the tree has one explicit, versioned byte encoding ({@link
 * io.paramant.ct.entry.LogEntry}), never "whatever a JSON library emits": the relay encodes it to
 * append it, the client encodes the fields the API returns to check the leaf hash. A leaf holds
 * hashes and names only; it must never carry payload bytes, keys, device ids or IP addresses,
 * because the log is public and kept forever. A change of the encoding is a new version byte, and
 * the known-answer tests pin version 1.
 */
package io.paramant.ct.entry;
