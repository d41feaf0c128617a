package io.certsync.cdn.sync;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the domain syncs of large bindings in parallel, as many at once as keep the write limit busy
 * at the latency observed: by Little's law, in flight = writes per second x seconds per domain
 * sync, with as much again in reserve (domains waiting for their certificate's upload hold a place
 * too). The count follows the observed latency (a moving average) and never passes {@code
 * maxInFlight}, so a slow or hung endpoint cannot take more threads or memory than that; tasks
 * beyond it wait in order.
 */
public final class DomainWorkers implements Executor, AutoCloseable {

  static final int MIN_IN_FLIGHT = 16;

  private final double writesPerSecond;
  private final int maxInFlight;
  private final ExecutorService pool;
  private final Queue<Runnable> waiting = new ArrayDeque<>();
  private int inFlight;
  private double averageSeconds = 0.1;

  public DomainWorkers(double writesPerSecond, int maxInFlight) {
    this.writesPerSecond = writesPerSecond;
    this.maxInFlight = Math.max(MIN_IN_FLIGHT, maxInFlight);
    AtomicInteger count = new AtomicInteger();
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            this.maxInFlight,
            this.maxInFlight,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "domain-sync-" + count.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    executor.allowCoreThreadTimeOut(true);
    this.pool = executor;
  }

  @Override
  public void execute(Runnable task) {
    synchronized (this) {
      if (inFlight >= target()) {
        waiting.add(task);
        return;
      }
      inFlight++;
    }
    start(task);
  }

  /** How many domain syncs may run at once now. */
  public synchronized int target() {
    int wanted = (int) Math.ceil(writesPerSecond * averageSeconds * 2);
    return Math.max(MIN_IN_FLIGHT, Math.min(maxInFlight, wanted));
  }

  private void start(Runnable task) {
    pool.execute(
        () -> {
          long started = System.nanoTime();
          try {
            task.run();
          } finally {
            finished((System.nanoTime() - started) / 1e9);
          }
        });
  }

  private void finished(double seconds) {
    List<Runnable> next = new ArrayList<>();
    synchronized (this) {
      averageSeconds = 0.8 * averageSeconds + 0.2 * seconds;
      inFlight--;
      while (inFlight < target() && !waiting.isEmpty()) {
        next.add(waiting.poll());
        inFlight++;
      }
    }
    next.forEach(this::start);
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
