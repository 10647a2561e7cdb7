package io.paramant.systemtests;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * A sector that one test of a class needs (a restart or crash test, which then runs last), started
 * in the background from {@code @BeforeAll} so that it boots while the class's other tests run
 * instead of in that test's own time. {@link #stop()} from {@code @AfterAll}: other classes expect
 * the sector down, or start it with settings of their own, which a running sector would not get.
 */
final class SectorStartedEarly {

  private final String sector;
  private final CompletableFuture<URI> started;

  private SectorStartedEarly(String sector) {
    this.sector = sector;
    this.started = CompletableFuture.supplyAsync(() -> Deployment.up(sector));
  }

  /** Begins {@link Deployment#up(String)} of {@code sector} in the background. */
  static SectorStartedEarly begin(String sector) {
    return new SectorStartedEarly(sector);
  }

  /** The sector's base URI once it answers (waits for the start; its failure is thrown here). */
  URI uri() {
    return started.join();
  }

  /** Waits for a start still under way, then stops the sector (also after a failed start). */
  void stop() {
    started.exceptionally(failed -> null).join();
    Deployment.down(sector);
  }
}
