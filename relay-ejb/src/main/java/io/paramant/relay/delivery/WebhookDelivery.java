package io.paramant.relay.delivery;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The delivery of one webhook event to one target: up to {@link Backoff#MAX_ATTEMPTS} attempts on
 * the {@link Backoff} schedule, each preceded by a fresh check of the target's addresses. The body
 * and its signature are fixed for all attempts, so a receiver can recognise a repeated event.
 *
 * <p>Nothing here blocks a caller: attempts run on {@code executor} (the name resolution of the
 * check blocks that thread, never a request thread), waiting between them is {@code scheduler}'s,
 * and the HTTP exchange is asynchronous.
 */
final class WebhookDelivery {

  /** Sends one POST; completes with the response status, or exceptionally when there is none. */
  @FunctionalInterface
  interface Transport {
    CompletableFuture<Integer> post(URI target, byte[] body, String signature);
  }

  /** Runs a task after a delay. */
  @FunctionalInterface
  interface Scheduler {
    void schedule(Runnable task, long delayMs);
  }

  private final CallbackUrl target;
  private final byte[] body;
  private final String signature;
  private final TargetPolicy policy;
  private final Transport transport;
  private final Executor executor;
  private final Scheduler scheduler;
  private final Consumer<DeliveryEvent.Outcome> done;
  private final AtomicBoolean finished = new AtomicBoolean();

  WebhookDelivery(
      CallbackUrl target,
      byte[] body,
      String signature,
      TargetPolicy policy,
      Transport transport,
      Executor executor,
      Scheduler scheduler,
      Consumer<DeliveryEvent.Outcome> done) {
    this.target = target;
    this.body = body;
    this.signature = signature;
    this.policy = policy;
    this.transport = transport;
    this.executor = executor;
    this.scheduler = scheduler;
    this.done = done;
  }

  /** Starts the first attempt; {@code done} is called once, with how the event ended. */
  void start() {
    submit(1);
  }

  private void submit(int attempt) {
    try {
      executor.execute(() -> attempt(attempt));
    } catch (RejectedExecutionException overloadedOrStopping) {
      finish(DeliveryEvent.Outcome.FAILED);
    }
  }

  private void attempt(int attempt) {
    TargetPolicy.Verdict verdict;
    try {
      verdict = policy.check(target);
    } catch (RuntimeException e) {
      verdict = TargetPolicy.Verdict.UNRESOLVED;
    }
    if (verdict == TargetPolicy.Verdict.REFUSED) {
      finish(DeliveryEvent.Outcome.REFUSED); // the name now points inside: no retry
      return;
    }
    if (verdict == TargetPolicy.Verdict.UNRESOLVED) {
      failed(attempt);
      return;
    }
    CompletableFuture<Integer> response;
    try {
      response = transport.post(target.uri(), body, signature);
    } catch (RuntimeException e) {
      failed(attempt);
      return;
    }
    response.whenComplete(
        (status, error) -> {
          if (error == null && status != null && status >= 200 && status < 300) {
            finish(DeliveryEvent.Outcome.DELIVERED);
          } else {
            failed(attempt);
          }
        });
  }

  private void failed(int attempt) {
    if (attempt >= Backoff.MAX_ATTEMPTS) {
      finish(DeliveryEvent.Outcome.FAILED);
      return;
    }
    try {
      scheduler.schedule(() -> submit(attempt + 1), Backoff.delayAfter(attempt));
    } catch (RejectedExecutionException stopping) {
      finish(DeliveryEvent.Outcome.FAILED);
    }
  }

  private void finish(DeliveryEvent.Outcome outcome) {
    if (finished.compareAndSet(false, true)) {
      done.accept(outcome);
    }
  }
}
