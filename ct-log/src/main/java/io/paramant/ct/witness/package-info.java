/** Witness cosignatures of tree heads (PROTOCOL.md, "Witness cosignatures"). */
package io.paramant.ct.witness;
