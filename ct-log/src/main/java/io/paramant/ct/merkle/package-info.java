/**
 * The Merkle tree of RFC 9162 §2.1, free of any container API so that the client verifies proofs
 * with the very code the relay proves them with.
 *
 * <h2>Hashing rule</h2>
 *
 * {@code leaf_hash = H(0x00 || leaf_bytes)}, {@code node = H(0x01 || left || right)}, the empty
 * tree's root is {@code H()}, and a tree of {@code n > 1} leaves splits at the largest power of two
 * below {@code n}. The two prefixes keep a leaf from ever being read as an inner node (second
 * preimages). {@code H} is a parameter ({@link io.paramant.ct.merkle.TreeHasher}): the Paramant log
 * uses SHA3-256; with SHA-256 the same code reproduces the published RFC 6962 vectors, which is how
 * the tests pin it. Inclusion and consistency proofs are made as RFC 9162 §2.1.3.1/§2.1.4.1 define
 * them and verified exactly as §2.1.3.2/§2.1.4.2; verification returns nothing and throws {@link
 * io.paramant.ct.merkle.InvalidProofException}, so a failed check cannot be ignored.
 *
 * <h2>Concurrency</h2>
 *
 * A {@link io.paramant.ct.merkle.MerkleTree} has one writer at a time and any number of readers.
 * The writer stores a leaf and every subtree it completes, and only then publishes the new size
 * through a volatile write. A reader reads that size first and asks only for sizes up to it, so
 * everything it touches was written before the size it read: it needs no lock and never waits for
 * the writer. Stored hashes are never changed, only appended.
 */
package io.paramant.ct.merkle;
