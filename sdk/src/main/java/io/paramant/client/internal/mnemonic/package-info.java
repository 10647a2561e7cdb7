/**
 * BIP-39 English mnemonics for 128-bit entropy (12 words), as the anonymous drop uses them: entropy
 * to words with the 4-bit SHA-256 checksum and back. The BIP-39 PBKDF2 seed step is deliberately
 * absent; the drop derives its keys from the entropy with HKDF.
 *
 * <p>The word list ships as a resource (MIT licence, see {@code
 * META-INF/LICENSE-bip39-english.txt}) and is checked against its well-known SHA-256 when first
 * loaded: a repackaged or damaged list would silently map phrases to different keys.
 */
package io.paramant.client.internal.mnemonic;
