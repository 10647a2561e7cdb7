package io.paramant.client;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A received file and who sent it.
 *
 * @param path the written file
 * @param sender the device whose signature verified on every chunk; empty for an unsigned transfer
 *     (accepted only when asked for), a password transfer or a drop
 */
public record ReceivedFile(Path path, Optional<VerifiedSender> sender) {

  public ReceivedFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(sender, "sender");
  }
}
