package io.paramant.client.internal.relay;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.paramant.client.BlobAnnouncement;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Messages of {@code /v2/stream} as a hostile relay can send them, whole or in two frames: {@link
 * PushSocket#onText} throws nothing (a message that breaks the shape is ignored) and announces only
 * blobs with a well-formed hash. Seeds and findings:
 * src/test/resources/io/paramant/client/internal/relay/PushSocketFuzzTestInputs/.
 */
class PushSocketFuzzTest {

  @FuzzTest
  void onText(byte[] message) {
    List<BlobAnnouncement> announced = new ArrayList<>();
    PushSocket socket = new PushSocket(announced::add);
    String text = new String(message, StandardCharsets.UTF_8);
    int split = message.length == 0 ? 0 : (message[0] & 0xff) % (text.length() + 1);
    socket.onText(NO_SOCKET, text.substring(0, split), false);
    socket.onText(NO_SOCKET, text.substring(split), true);
    for (BlobAnnouncement announcement : announced) {
      assertTrue(announcement.hash().matches("[0-9a-f]{64}"), announcement.hash());
    }
  }

  private static final WebSocket NO_SOCKET =
      new WebSocket() {
        @Override
        public CompletableFuture<WebSocket> sendText(CharSequence data, boolean last) {
          return CompletableFuture.completedFuture(this);
        }

        @Override
        public CompletableFuture<WebSocket> sendBinary(ByteBuffer data, boolean last) {
          return CompletableFuture.completedFuture(this);
        }

        @Override
        public CompletableFuture<WebSocket> sendPing(ByteBuffer message) {
          return CompletableFuture.completedFuture(this);
        }

        @Override
        public CompletableFuture<WebSocket> sendPong(ByteBuffer message) {
          return CompletableFuture.completedFuture(this);
        }

        @Override
        public CompletableFuture<WebSocket> sendClose(int statusCode, String reason) {
          return CompletableFuture.completedFuture(this);
        }

        @Override
        public void request(long n) {}

        @Override
        public String getSubprotocol() {
          return "";
        }

        @Override
        public boolean isOutputClosed() {
          return false;
        }

        @Override
        public boolean isInputClosed() {
          return false;
        }

        @Override
        public void abort() {}
      };
}
