/**
 * The container's face of the sector's transparency log: the {@link
 * io.paramant.ct.ejb.TransparencyLog} singleton over the plain {@link io.paramant.ct.SectorLog}.
 * Everything else of the log (leaves, journal, Merkle tree, tree heads) is in the {@code ct-log}
 * library, which clients use without a container.
 */
package io.paramant.ct.ejb;
