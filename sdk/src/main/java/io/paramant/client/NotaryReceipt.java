package io.paramant.client;

import io.paramant.client.internal.notary.Receipt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * The receipt of a notarised document ({@link GhostPipe#notarise}; docs/notary.md): its JSON, which
 * an offline verifier checks ({@link GhostPipe#verifyReceipt}), and what it proves, as this client
 * verified it before handing it out.
 */
public final class NotaryReceipt {

  private final byte[] json;
  private final VerifiedReceipt verified;

  NotaryReceipt(Receipt receipt, VerifiedReceipt verified) {
    this.json = receipt.toJson();
    this.verified = Objects.requireNonNull(verified, "verified");
  }

  /** The receipt as UTF-8 JSON (a copy). */
  public byte[] json() {
    return json.clone();
  }

  /** What the receipt proves: signer, times, log positions, the head and its cosignatures. */
  public VerifiedReceipt verified() {
    return verified;
  }

  /**
   * Writes the receipt to {@code target}. Without {@code replace} an existing file is never
   * touched; with it, the file is replaced atomically.
   *
   * @throws UncheckedIOException ({@link java.nio.file.FileAlreadyExistsException} without {@code
   *     replace} if the file exists)
   */
  public void write(Path target, boolean replace) {
    try {
      if (!replace) {
        Files.write(target, json, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return;
      }
      Path absolute = target.toAbsolutePath();
      Path temporary =
          Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".tmp");
      try {
        Files.write(temporary, json);
        Files.move(
            temporary,
            absolute,
            StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temporary);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return "NotaryReceipt[" + verified.documentSha256() + ", ct_index " + verified.ctIndex() + "]";
  }
}
