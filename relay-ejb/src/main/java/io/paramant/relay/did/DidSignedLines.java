package io.paramant.relay.did;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The message a DID-authenticated request signs (PROTOCOL.md "DID"; docs/did.md). */
final class DidSignedLines {

  static final String CONTEXT = "paramant/did-auth/v1";

  private DidSignedLines() {}

  /**
   * The lines joined by {@code \n}, no trailing newline, as UTF-8.
   *
   * @param bodySha256 the lowercase hex SHA-256 of the body (of nothing when there is none)
   * @param logKeyId the sector's log key_id, lowercase hex
   */
  static byte[] of(DidRequest request, String bodySha256, String logKeyId) {
    StringBuilder lines =
        new StringBuilder(512)
            .append(CONTEXT)
            .append('\n')
            .append(request.method())
            .append('\n')
            .append(request.target())
            .append('\n')
            .append(request.timestamp())
            .append('\n')
            .append(request.nonce())
            .append('\n')
            .append(bodySha256)
            .append('\n')
            .append(logKeyId)
            .append('\n')
            .append(request.contentType() == null ? "" : request.contentType());
    for (Map.Entry<String, String> header : request.paramantHeaders().entrySet()) {
      lines.append('\n').append(header.getKey()).append(':').append(header.getValue());
    }
    return lines.toString().getBytes(StandardCharsets.UTF_8);
  }
}
