/**
 * Thin, typed wrappers over the primitives: hashing, HKDF, P-256 encoding and agreement, the system
 * CSPRNG. They exist to keep encodings (SEC1, fixed-width scalars) and validity checks in one
 * reviewed place.
 */
package io.paramant.client.internal.crypto;
