package io.paramant.systemtests;

import static io.paramant.systemtests.RelayApi.randomBlob;
import static io.paramant.systemtests.RelayApi.sha256;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One download per blob and one blob per hash, also when many clients race. */
class ConcurrencyIT {

  private final RelayApi relay = new RelayApi(Deployment.baseUri("main"));
  private final String key = Deployment.apiKey("pro");
  private final ExecutorService clients = Executors.newFixedThreadPool(50);

  @AfterEach
  void stopClients() {
    clients.shutdownNow();
  }

  @Test
  void fifty_concurrent_downloads_of_one_hash_exactly_one_succeeds_twenty_rounds()
      throws Exception {
    for (int round = 0; round < 20; round++) {
      byte[] blob = randomBlob(RelayApi.MAX_BLOB);
      String hash = relay.store(key, blob);

      List<HttpResponse<byte[]>> responses = race(50, () -> relay.outbound(key, hash));

      int ok = 0;
      for (HttpResponse<byte[]> response : responses) {
        if (response.statusCode() == 200) {
          ok++;
          assertArrayEquals(blob, response.body(), "round " + round);
        } else {
          RelayApi.assertError(response, 404, "not_found");
        }
      }
      assertEquals(1, ok, "round " + round);
    }
  }

  @Test
  void concurrent_uploads_of_one_hash_one_is_stored_the_rest_conflict() throws Exception {
    byte[] blob = randomBlob(1024 * 1024);

    List<HttpResponse<byte[]>> responses = race(10, () -> relay.inboundBinary(key, blob));

    int stored = 0;
    for (HttpResponse<byte[]> response : responses) {
      if (response.statusCode() == 200) {
        stored++;
      } else {
        RelayApi.assertError(response, 409, "hash_exists");
      }
    }
    assertEquals(1, stored);
    assertArrayEquals(blob, relay.outbound(key, sha256(blob)).body());
  }

  private List<HttpResponse<byte[]>> race(int n, Supplier<HttpResponse<byte[]>> call)
      throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<HttpResponse<byte[]>>> futures = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      futures.add(
          clients.submit(
              () -> {
                start.await();
                return call.get();
              }));
    }
    start.countDown();
    List<HttpResponse<byte[]>> responses = new ArrayList<>();
    for (Future<HttpResponse<byte[]>> future : futures) {
      responses.add(future.get());
    }
    return responses;
  }
}
