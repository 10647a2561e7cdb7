/**
 * The blob envelope of PROTOCOL.md: how one chunk of a file becomes one 5 MiB blob and back.
 *
 * <h2>Blob</h2>
 *
 * Every blob is exactly {@value io.paramant.client.internal.envelope.Blob#SIZE} bytes: {@code
 * header || AES-256-GCM(key, nonce, plaintext, aad = header) || padding}, the 16-byte tag appended
 * to the ciphertext and the padding AES-256-CTR keystream under a fresh random key (CSPRNG output;
 * it is not authenticated and carries nothing). The relay learns the blob's SHA-256 and nothing
 * else. Header, big-endian:
 *
 * <pre>
 * magic "PGP1" (4) | suite (1) | flags (1) | reserved 0x0000 (2)
 * key fields: suite 1: ct_kem (1088) | E (65)      suite 2: salt (16) | m_kib u32 | t u32 | p u32      suite 3: none
 * file_id (16) | chunk_index u32 | chunk_count u32 | ciphertext_len u32   (ciphertext_len includes the tag)
 * </pre>
 *
 * Flags: bit 0 = sender-signed; any other bit set is refused. Reserved must be zero. The whole
 * header is the GCM associated data, so every header byte is authenticated, including the chunk
 * position and the flags.
 *
 * <h2>Key schedule ({@link io.paramant.client.internal.envelope.KeySchedule})</h2>
 *
 * Every suite ends in {@code okm = HKDF-SHA256(salt, ikm, info, L = 44)}, {@code key = okm[0..32)},
 * {@code nonce = okm[32..44)}; each key seals exactly one GCM message, because every blob draws
 * fresh key fields.
 *
 * <ul>
 *   <li><b>Suite 1, hybrid.</b> {@code (ct_kem, ss_kem) = ML-KEM-768.Encaps(ek)}; fresh ephemeral
 *       P-256 {@code (e, E)}, {@code ss_ecdh = x(e·P)}; {@code salt = SHA-256(ct_kem || E || ek ||
 *       P)}; {@code ikm = ss_kem || ss_ecdh}; {@code info = "paramant/ghost-pipe/v1"}. Secure if
 *       either ML-KEM-768 or P-256 ECDH holds; the salt binds both ciphertexts and both recipient
 *       keys.
 *   <li><b>Suite 2, password.</b> {@code ikm = Argon2id(password as UTF-8, salt, m, t, p, 32)}
 *       (version 0x13); {@code salt = SHA-256(header bytes before file_id)}; same info. Defaults m
 *       = 65536 KiB, t = 3, p = 4; below m = 19456 KiB or t = 2 is refused both ways, and so is
 *       above m = 1 GiB, t = 16, p = 16 (the sender picks the cost and the receiver pays it: a blob
 *       must not make its receiver spend unbounded memory). The HKDF salt does not cover file_id or
 *       chunk_index, so every chunk draws its own Argon2 salt: that alone keeps keys and nonces
 *       unique across chunks.
 *   <li><b>Suite 3, anonymous drop.</b> {@code key || nonce = HKDF-SHA256(salt =
 *       "paramant/drop/v1", ikm = entropy, info = "key", 44)} and {@code id = HKDF-SHA256(same
 *       salt, entropy, info = "id", 32)}. One phrase gives one key and nonce, so a drop is always a
 *       single blob (chunk_count = 1, enforced both ways).
 * </ul>
 *
 * <h2>Plaintext</h2>
 *
 * <pre>
 * [sig_len u16 | ML-DSA-65 signature | ns_len u8 | namespace | id_len u8 | device id | signed_at_ms u64]   only with flag bit 0
 * meta_len u32 | meta JSON | data
 * </pre>
 *
 * Meta is {@code {"i","n"}} for every chunk plus {@code "name","size","type"} in chunk 0 (see
 * {@link io.paramant.client.internal.envelope.ChunkMeta}); {@code i} and {@code n} must equal the
 * header's. The signature block and what the signature covers (the signer's names, the recipient
 * device's binding, signing time, the header's and the rest of the plaintext's SHA-256) are
 * described in {@link io.paramant.client.internal.envelope.SignatureBlock}. Only suite 1 (device)
 * blobs are signed; the flag on a password or drop blob is refused. The signature sits inside the
 * ciphertext, so the relay never learns who sent a blob; the receiver checks it against its own
 * namespace and binding and the log-proven keys of the signer ({@link
 * io.paramant.client.internal.envelope.SenderDirectory}) before it returns anything.
 *
 * <h2>Memory</h2>
 *
 * Blobs live in direct buffers ({@link io.paramant.client.internal.envelope.Blob#allocate()}): off
 * the Java heap, wiped in place, and on JDK 17 AES-GCM over a direct buffer runs about 35 times
 * faster than over a heap array (measured here: 1.8 ms against 65 ms for 5 MiB). Sealing writes the
 * plaintext into the blob buffer and encrypts it in place; opening decrypts in place. Our own
 * secret arrays (shared secrets, ikm, okm, Argon2 output, password bytes) are wiped when done.
 * Copies we cannot reach are left to the garbage collector: the ikm copy inside Bouncy Castle's
 * {@code HKDFParameters}, the AES key schedule inside the JDK cipher and the P-256 scalar's {@code
 * BigInteger}.
 */
package io.paramant.client.internal.envelope;
