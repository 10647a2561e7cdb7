package io.paramant.relay.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class WebhookDeliveryTest {

  private static final CallbackUrl TARGET = CallbackUrl.parse("https://hooks.example/in");
  private static final byte[] BODY = WebhookSignature.blobRetrieved("cd".repeat(32), 42);

  private final List<Long> waits = new ArrayList<>();
  private final List<String> sent = new ArrayList<>();
  private final AtomicReference<DeliveryEvent.Outcome> outcome = new AtomicReference<>();
  private InetAddress[] dns = {address("93.184.216.34")};

  @Test
  void a_receiver_failing_twice_gets_the_event_on_the_third_attempt_after_half_a_second_and_one() {
    deliver(answers(500, 500, 200), Runnable::run);

    assertEquals(DeliveryEvent.Outcome.DELIVERED, outcome.get());
    assertEquals(3, sent.size());
    assertEquals(List.of(500L, 1_000L), waits);
    assertEquals(List.of("sig", "sig", "sig"), sent, "the same body and signature every time");
  }

  @Test
  void five_failed_attempts_end_the_event_as_failed() {
    deliver(answers(503, -1, 404, 302, 500, 200), Runnable::run); // -1: no answer at all

    assertEquals(DeliveryEvent.Outcome.FAILED, outcome.get());
    assertEquals(5, sent.size());
    assertEquals(List.of(500L, 1_000L, 2_000L, 4_000L), waits);
  }

  @Test
  void any_2xx_is_delivered_at_once() {
    deliver(answers(204), Runnable::run);

    assertEquals(DeliveryEvent.Outcome.DELIVERED, outcome.get());
    assertEquals(List.of(), waits);
  }

  @Test
  void a_name_that_now_resolves_inside_is_refused_without_sending_anything() {
    dns = new InetAddress[] {address("93.184.216.34"), address("127.0.0.1")};
    deliver(answers(200), Runnable::run);

    assertEquals(DeliveryEvent.Outcome.REFUSED, outcome.get());
    assertEquals(List.of(), sent);
  }

  @Test
  void the_check_runs_before_every_attempt_so_a_rebinding_between_attempts_is_caught() {
    Deque<Integer> statuses = answers(500, 200);
    WebhookDelivery.Transport rebinding =
        (target, body, signature) -> {
          dns = new InetAddress[] {address("169.254.169.254")}; // after the first answer
          return statuses.isEmpty() ? failed() : send(statuses.poll(), signature);
        };
    deliver(rebinding, Runnable::run);

    assertEquals(DeliveryEvent.Outcome.REFUSED, outcome.get());
    assertEquals(1, sent.size());
  }

  @Test
  void an_unresolvable_name_is_retried() {
    dns = null;
    deliver(answers(200), Runnable::run);

    assertEquals(DeliveryEvent.Outcome.FAILED, outcome.get());
    assertEquals(List.of(), sent);
    assertEquals(4, waits.size());
  }

  @Test
  void an_overloaded_pool_fails_the_event_instead_of_blocking() {
    deliver(
        answers(200),
        task -> {
          throw new RejectedExecutionException("full");
        });

    assertEquals(DeliveryEvent.Outcome.FAILED, outcome.get());
  }

  private void deliver(Deque<Integer> statuses, Executor executor) {
    deliver(
        (target, body, signature) ->
            statuses.isEmpty() ? failed() : send(statuses.poll(), signature),
        executor);
  }

  private void deliver(WebhookDelivery.Transport transport, Executor executor) {
    TargetPolicy policy =
        new TargetPolicy(
            false,
            host -> {
              if (dns == null) {
                throw new java.net.UnknownHostException(host);
              }
              return dns;
            });
    new WebhookDelivery(
            TARGET,
            BODY,
            "sig",
            policy,
            transport,
            executor,
            (task, delayMs) -> {
              waits.add(delayMs);
              task.run();
            },
            o -> {
              if (!outcome.compareAndSet(null, o)) {
                throw new AssertionError("a second outcome " + o);
              }
            })
        .start();
  }

  private CompletableFuture<Integer> send(int status, String signature) {
    sent.add(signature);
    return status < 0 ? failed() : CompletableFuture.completedFuture(status);
  }

  private static CompletableFuture<Integer> failed() {
    return CompletableFuture.failedFuture(new java.net.ConnectException("refused"));
  }

  private static Deque<Integer> answers(int... statuses) {
    Deque<Integer> all = new ArrayDeque<>();
    for (int s : statuses) {
      all.add(s);
    }
    return all;
  }

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
