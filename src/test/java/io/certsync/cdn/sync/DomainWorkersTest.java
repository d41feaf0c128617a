package io.certsync.cdn.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The domain workers: as many in flight as the write limit needs, never more than the bound. */
class DomainWorkersTest {

  @Test
  @DisplayName("a hung endpoint holds at most the bound of threads; the rest wait in order")
  void aHungEndpointCannotTakeMoreThanTheBound() throws Exception {
    try (DomainWorkers workers = new DomainWorkers(30, 24)) {
      CountDownLatch hung = new CountDownLatch(1);
      AtomicInteger running = new AtomicInteger();
      AtomicInteger started = new AtomicInteger();
      // long tasks teach it that a domain takes long: it raises the count to the bound
      for (int i = 0; i < 100; i++) {
        workers.execute(
            () -> {
              started.incrementAndGet();
              running.incrementAndGet();
              try {
                hung.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                running.decrementAndGet();
              }
            });
      }
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> started.get() >= DomainWorkers.MIN_IN_FLIGHT);
      Thread.sleep(200);
      assertThat(running.get()).isBetween(DomainWorkers.MIN_IN_FLIGHT, 24);
      hung.countDown();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> started.get() == 100 && running.get() == 0);
    }
  }

  @Test
  @DisplayName(
      "the count follows the observed time per domain: slow domains raise it up to the bound")
  void theCountFollowsLatency() throws Exception {
    try (DomainWorkers workers = new DomainWorkers(30, 96)) {
      assertThat(workers.target()).isEqualTo(DomainWorkers.MIN_IN_FLIGHT);
      CountDownLatch done = new CountDownLatch(16);
      for (int i = 0; i < 16; i++) {
        workers.execute(
            () -> {
              try {
                Thread.sleep(300);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              done.countDown();
            });
      }
      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
      // 30 writes/s x about 0.3 s x 1.5 = 14 or so, and more as the average settles
      assertThat(workers.target()).isBetween(DomainWorkers.MIN_IN_FLIGHT + 1, 96);
    }
  }
}
