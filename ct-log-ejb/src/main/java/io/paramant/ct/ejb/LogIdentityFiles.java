package io.paramant.ct.ejb;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.paramant.accounts.SectorList;
import io.paramant.ct.witness.Cosignature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a log tells the other relays of its operator: its origin and its public key file. Both are
 * read by witnesses from their operator's configuration or disk, never from a request.
 */
final class LogIdentityFiles {

  /** The log's public key in lowercase hex and a newline, beside its identity key. */
  static final String PUBLIC_KEY_FILE = "identity.pub";

  private static final String DEFAULT_ORIGIN = "http://127.0.0.1:8080";

  private LogIdentityFiles() {}

  /**
   * The configured origin, else this sector's URL in the sector list (without a trailing slash),
   * else {@value #DEFAULT_ORIGIN}.
   *
   * @throws IllegalStateException if the result breaks the origin rule (the deployment fails)
   */
  static String origin(Optional<String> configured, Optional<String> sectors, String sector) {
    String origin =
        configured
            .filter(value -> !value.isBlank())
            .map(String::strip)
            .or(() -> ownUrl(sectors, sector))
            .orElse(DEFAULT_ORIGIN);
    if (!Cosignature.isValidOrigin(origin)) {
      throw new IllegalStateException(
          "paramant.ct.origin (PARAMANT_CT_ORIGIN) must be the log's public base URL: http:// or"
              + " https://, printable ASCII, no trailing slash, at most 255 bytes; not "
              + origin);
    }
    return origin;
  }

  private static Optional<String> ownUrl(Optional<String> sectors, String sector) {
    if (sectors.isEmpty() || sectors.get().isBlank()) {
      return Optional.empty();
    }
    try {
      return SectorList.parse(sectors.get(), sector).stream()
          .filter(entry -> entry.name().equals(sector))
          .map(entry -> entry.url().replaceAll("/+$", ""))
          .findFirst();
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // Sectors refuses the list with the reason
    }
  }

  /**
   * The other sectors of this deployment ({@code paramant.sectors}, which the launcher sets to
   * every sector it runs): each one's origin (its URL in the list, without a trailing slash) and
   * its public key file in the shared data directory. Empty if the list is unset or refused.
   */
  static Map<String, Path> siblings(Optional<String> sectors, String sector, Path dataDirectory) {
    Map<String, Path> siblings = new LinkedHashMap<>();
    if (sectors.isEmpty() || sectors.get().isBlank()) {
      return siblings;
    }
    try {
      for (SectorList.Entry entry : SectorList.parse(sectors.get(), sector)) {
        if (!entry.name().equals(sector)) {
          siblings.put(
              entry.url().replaceAll("/+$", ""),
              dataDirectory.resolve(entry.name()).resolve(PUBLIC_KEY_FILE));
        }
      }
    } catch (IllegalArgumentException e) {
      return Map.of(); // Sectors refuses the list with the reason
    }
    return siblings;
  }

  /** Writes {@code publicKey} to {@code file} (atomically) unless it already holds it. */
  static void publishPublicKey(Path file, byte[] publicKey) {
    String content = HexFormat.of().formatHex(publicKey) + "\n";
    try {
      if (Files.exists(file) && Files.readString(file, US_ASCII).equals(content)) {
        return;
      }
      Path temporary = file.resolveSibling(file.getFileName() + ".new");
      Files.writeString(temporary, content, US_ASCII);
      Files.move(
          temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the log's public key file " + file, e);
    }
  }
}
