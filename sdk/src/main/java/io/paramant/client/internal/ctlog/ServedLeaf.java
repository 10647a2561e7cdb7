package io.paramant.client.internal.ctlog;

import io.paramant.ct.entry.LogEntry;

/**
 * One leaf as a relay served it: its index, the fields its leaf bytes are rebuilt from, and the
 * separate {@code blob_hash} field. The served {@code leaf_hash} is not kept: the client computes
 * it.
 *
 * @param blobHash the {@code blob_hash} field, or null where the relay sent none
 */
public record ServedLeaf(long index, LogEntry entry, String blobHash) {}
