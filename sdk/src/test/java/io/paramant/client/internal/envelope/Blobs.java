package io.paramant.client.internal.envelope;

import io.paramant.client.DeviceKeys;
import io.paramant.client.PublicKeys;
import io.paramant.client.testing.Transfers;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.function.UnaryOperator;
import javax.crypto.Cipher;

/**
 * Test helpers for whole blobs: copies, bit flips, and re-sealing an edited plaintext as a hostile
 * sender would.
 */
final class Blobs {

  private Blobs() {}

  /** A copy of {@code blob} with bit {@code bit} of byte {@code offset} inverted. */
  static ByteBuffer flipBit(ByteBuffer blob, int offset, int bit) {
    ByteBuffer copy = Transfers.copy(blob);
    copy.put(offset, (byte) (copy.get(offset) ^ (1 << bit)));
    return copy;
  }

  /** A copy of {@code blob} with the bytes at {@code offset} replaced. */
  static ByteBuffer overwrite(ByteBuffer blob, int offset, byte... bytes) {
    ByteBuffer copy = Transfers.copy(blob);
    copy.put(offset, bytes);
    return copy;
  }

  /**
   * A valid blob whose plaintext is {@code edit} applied to {@code blob}'s: what a sender who
   * controls its own client, or anyone with the recipient's public key, can produce. Exercises the
   * parsing of authenticated but hostile plaintexts. Suite 1 only: its session key does not depend
   * on the ciphertext length.
   */
  static ByteBuffer reseal(ByteBuffer blob, DeviceKeys recipient, UnaryOperator<byte[]> edit) {
    return reseal(blob, recipient, BlobHeader.parse(blob).signed(), edit);
  }

  /**
   * As {@link #reseal(ByteBuffer, DeviceKeys, UnaryOperator)}, with the signed flag set as given.
   */
  static ByteBuffer reseal(
      ByteBuffer blob, DeviceKeys recipient, boolean signed, UnaryOperator<byte[]> edit) {
    return reseal(blob, Credential.device(recipient), signed, edit);
  }

  /**
   * As {@link #reseal(ByteBuffer, DeviceKeys, boolean, UnaryOperator)}, for a blob that {@code
   * opener} opens (device keys or a drop phrase: their session keys do not depend on the ciphertext
   * length).
   */
  static ByteBuffer reseal(
      ByteBuffer blob, Credential opener, boolean signed, UnaryOperator<byte[]> edit) {
    BlobHeader header = BlobHeader.parse(blob);
    byte[] plaintext = new byte[header.plaintextLength()];
    try (SessionKey key = opener.sessionKey(header)) {
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(Cipher.DECRYPT_MODE, key.aesKey(), key.gcmParameters());
      gcm.updateAAD(header.encoded());
      gcm.doFinal(
          Transfers.copy(blob).slice(header.length(), header.ciphertextLength()),
          ByteBuffer.wrap(plaintext));

      byte[] edited = edit.apply(plaintext);
      BlobHeader resealed =
          BlobHeader.create(
              header.suite(),
              signed ? BlobHeader.FLAG_SIGNED : 0,
              header.keyFields(),
              header.fileId(),
              header.chunkIndex(),
              header.chunkCount(),
              edited.length + BlobHeader.TAG_LENGTH);
      ByteBuffer out = Blob.allocate();
      out.put(resealed.encoded());
      gcm.init(Cipher.ENCRYPT_MODE, key.aesKey(), key.gcmParameters());
      gcm.updateAAD(resealed.encoded());
      gcm.doFinal(ByteBuffer.wrap(edited), out);
      return out.clear();
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * The plaintext of {@code blob} (opened with {@code opener}) sealed again to {@code to} under a
   * fresh encapsulation, same flags, file id and position: what a recipient who received a signed
   * chunk can forward to another device of its namespace.
   */
  static ByteBuffer reencrypt(ByteBuffer blob, Credential opener, PublicKeys to) {
    BlobHeader header = BlobHeader.parse(blob);
    byte[] plaintext = new byte[header.plaintextLength()];
    try (SessionKey key = opener.sessionKey(header)) {
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(Cipher.DECRYPT_MODE, key.aesKey(), key.gcmParameters());
      gcm.updateAAD(header.encoded());
      gcm.doFinal(
          Transfers.copy(blob).slice(header.length(), header.ciphertextLength()),
          ByteBuffer.wrap(plaintext));
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
    Keying keying = Recipient.device(to).draw(new java.security.SecureRandom());
    BlobHeader resealed =
        BlobHeader.create(
            header.suite(),
            header.signed() ? BlobHeader.FLAG_SIGNED : 0,
            keying.keyFields(),
            header.fileId(),
            header.chunkIndex(),
            header.chunkCount(),
            header.ciphertextLength());
    try (SessionKey key = keying.sessionKey().apply(resealed)) {
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(Cipher.ENCRYPT_MODE, key.aesKey(), key.gcmParameters());
      gcm.updateAAD(resealed.encoded());
      ByteBuffer out = Blob.allocate();
      out.put(resealed.encoded());
      gcm.doFinal(ByteBuffer.wrap(plaintext), out);
      return out.clear();
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  /** Reads the remaining bytes without moving the position. */
  static byte[] bytes(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }
}
