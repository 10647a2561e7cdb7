package io.paramant.client.internal.envelope;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A sender that controls its own client: it names its file as it likes, past the rule that the SDK
 * applies when it sends ({@link io.paramant.client.FileInfo}). Public for the CLI tests, which play
 * this sender against {@code receive} and {@code pickup}.
 */
public final class HostileSender {

  private HostileSender() {}

  /**
   * {@code blob}, an unsigned chunk 0 that {@code opener} opens, sealed again with the file name in
   * its meta replaced by {@code name}.
   */
  public static byte[] renamed(byte[] blob, Credential opener, String name) {
    ByteBuffer resealed =
        Blobs.reseal(
            ByteBuffer.wrap(blob),
            opener,
            false,
            plaintext -> {
              ByteBuffer in = ByteBuffer.wrap(plaintext);
              byte[] meta = new byte[in.getInt()];
              in.get(meta);
              JsonObject original = Json.createReader(new ByteArrayInputStream(meta)).readObject();
              byte[] edited =
                  Json.createObjectBuilder(original)
                      .add("name", name)
                      .build()
                      .toString()
                      .getBytes(StandardCharsets.UTF_8);
              return ByteBuffer.allocate(4 + edited.length + in.remaining())
                  .putInt(edited.length)
                  .put(edited)
                  .put(in)
                  .array();
            });
    return Blobs.bytes(resealed);
  }
}
