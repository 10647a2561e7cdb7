/**
 * Signed tree heads and the relay identity key that signs them.
 *
 * <p>A tree head binds a size to a root under the relay's ML-DSA-65 key; a client that has pinned
 * the key and checks a consistency proof between every two tree heads it sees detects a relay that
 * shows different logs to different clients. {@link io.paramant.ct.sth.SignedTreeHead#verify} needs
 * no container, so the client verifies with this code. The private key never leaves {@link
 * io.paramant.ct.sth.RelayIdentity}; its seed is zeroed after use, and its file is created
 * owner-only and never replaced once it exists.
 */
package io.paramant.ct.sth;
