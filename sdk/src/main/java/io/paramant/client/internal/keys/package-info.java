/**
 * A device's private keys and their file.
 *
 * <p>Private keys are kept as their seeds (FIPS 203 ML-KEM {@code d||z}, FIPS 204 ML-DSA {@code
 * xi}) and the P-256 scalar: the smallest complete form, from which Bouncy Castle re-derives
 * everything else. The key file ends with the fingerprint of the public keys derived from those
 * seeds, so a damaged file is detected instead of silently becoming another identity.
 */
package io.paramant.client.internal.keys;
