package io.certsync.cdn.benchmark;

import io.certsync.cdn.certificate.Fingerprints;
import io.certsync.cdn.certificate.LocalIssuer;
import io.certsync.cdn.emulator.RecordedCall;
import io.certsync.cdn.fixtures.Polling;
import io.certsync.cdn.runtime.OperatorRuntime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A mass renewal: a world with the layout's bindings synced, then every Secret renewed at once,
 * timed until every domain serves its new certificate. {@code latency} delays every API answer
 * during the renewal (and the first sync too when {@code slowFirstSync}).
 */
final class RenewalCase {

  private static final Duration VALIDITY = Duration.ofDays(90);
  private static final Duration TIMEOUT = Duration.ofMinutes(10);

  private final LocalIssuer issuer;
  private final Progress progress;
  private final Duration settle;

  /**
   * {@code settle}: the pause between the first sync and the renewal, that lets the per-account
   * window empty as between two real renewals.
   */
  RenewalCase(LocalIssuer issuer, Progress progress, Duration settle) {
    this.issuer = issuer;
    this.progress = progress;
    this.settle = settle;
  }

  /** What a renewal ran, and whether an operator restart is measured after it. */
  record Plan(Layout layout, Duration latency, boolean slowFirstSync, boolean measureRestart) {}

  /** The renewal's figures, and the restart's when asked for. */
  record Outcome(RenewalResult renewal, Optional<RestartResult> restart) {}

  Outcome run(Plan plan) throws Exception {
    Layout layout = plan.layout();
    List<List<String>> bindings = layout.bindings();
    progress.say("%s: issuing certificates", layout.label());
    List<LocalIssuer.Issued> first = new ArrayList<>();
    List<LocalIssuer.Issued> second = new ArrayList<>();
    for (List<String> binding : bindings) {
      first.add(issuer.issueEc(VALIDITY, Layout.wildcard(binding)));
      second.add(issuer.issueEc(VALIDITY, Layout.wildcard(binding)));
    }
    try (BenchmarkWorld world = new BenchmarkWorld(layout.allDomains())) {
      if (plan.slowFirstSync()) {
        world.emulator.latency(plan.latency());
      }
      world.startOperator();
      long start = System.nanoTime();
      for (int b = 0; b < bindings.size(); b++) {
        world.fixtures.tlsSecret(secret(b), first.get(b));
        world.fixtures.createBinding("b" + b, secret(b), bindings.get(b));
      }
      progress.say("  first sync");
      Polling.await(() -> world.fixtures.readyBindings() == bindings.size(), TIMEOUT, 200);
      double initial = (System.nanoTime() - start) / 1e9;
      world.emulator.latency(plan.latency());
      Thread.sleep(settle.toMillis());
      progress.say("  renewal");
      long keyUploadsBefore = world.emulator.keyUploads();
      Instant t0 = Instant.now();
      long t0nanos = System.nanoTime();
      renewAll(world, second);
      double[] done = awaitServed(world, bindings, second, t0nanos);
      double wall = Arrays.stream(done).max().orElse(0);
      List<RecordedCall> during = world.emulator.calls(c -> !c.time().isBefore(t0));
      List<RecordedCall> writes =
          during.stream().filter(c -> c.action().equals("SetCdnDomainSSLCertificate")).toList();
      RenewalResult renewal =
          new RenewalResult(
              layout,
              plan.latency(),
              initial,
              wall,
              during.stream().filter(c -> "Throttling.User".equals(c.errorCode())).count(),
              writes.stream().filter(RecordedCall::succeeded).count(),
              world.emulator.keyUploads() - keyUploadsBefore,
              perSecond(writes, t0, wall),
              done);
      progress.say(
          "  %d domains renewed in %.2f s (ideal %.2f s), %d writes, %d key uploads, %d throttled",
          renewal.domains(),
          wall,
          renewal.idealSeconds(),
          renewal.writes(),
          renewal.keyUploads(),
          renewal.throttled());
      world.emulator.latency(Duration.ZERO);
      Optional<RestartResult> restart =
          plan.measureRestart() ? Optional.of(restart(world, layout)) : Optional.empty();
      return new Outcome(renewal, restart);
    }
  }

  /**
   * Writes every renewed Secret from a few threads, so that a thousand of them land within a
   * fraction of the ideal time, as "renewed at once" means.
   */
  private static void renewAll(BenchmarkWorld world, List<LocalIssuer.Issued> renewed)
      throws Exception {
    ExecutorService writers = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> writes = new ArrayList<>();
      for (int b = 0; b < renewed.size(); b++) {
        int binding = b;
        writes.add(
            writers.submit(() -> world.fixtures.tlsSecret(secret(binding), renewed.get(binding))));
      }
      for (Future<?> write : writes) {
        write.get();
      }
    } finally {
      writers.shutdown();
    }
  }

  /** When each binding served its new certificate on every domain, in seconds since t0. */
  private static double[] awaitServed(
      BenchmarkWorld world,
      List<List<String>> bindings,
      List<LocalIssuer.Issued> renewed,
      long t0nanos)
      throws InterruptedException {
    List<String> fingerprints =
        renewed.stream().map(i -> Fingerprints.of(i.certificate())).toList();
    double[] done = new double[bindings.size()];
    Arrays.fill(done, -1);
    Polling.await(
        () -> {
          boolean all = true;
          for (int b = 0; b < bindings.size(); b++) {
            if (done[b] < 0) {
              String fp = fingerprints.get(b);
              if (bindings.get(b).stream()
                  .allMatch(d -> fp.equals(world.emulator.servedFingerprint(d)))) {
                done[b] = (System.nanoTime() - t0nanos) / 1e9;
              } else {
                all = false;
              }
            }
          }
          return all;
        },
        TIMEOUT,
        20);
    return done;
  }

  private static int[] perSecond(List<RecordedCall> writes, Instant t0, double wallSeconds) {
    int[] perSecond = new int[(int) Math.ceil(wallSeconds) + 1];
    for (RecordedCall c : writes) {
      int second = (int) (Duration.between(t0, c.time()).toMillis() / 1000);
      if (second < perSecond.length) {
        perSecond[second]++;
      }
    }
    return perSecond;
  }

  /** Restarts the operator with everything synced: calls made, and time until all is observed. */
  private RestartResult restart(BenchmarkWorld world, Layout layout) throws Exception {
    int bindings = layout.bindings().size();
    Polling.await(() -> world.fixtures.readyBindings() == bindings, Duration.ofMinutes(2), 200);
    Thread.sleep(1000);
    long writes = world.emulator.writeCalls();
    long calls = world.emulator.calls().size();
    world.stopOperator();
    progress.say("  restart");
    long start = System.nanoTime();
    OperatorRuntime runtime = world.startOperator();
    double observed =
        Polling.await(
            () ->
                runtime.scrape().lines().filter(l -> l.startsWith("cdn_binding_ready{")).count()
                    == bindings,
            Duration.ofMinutes(5),
            50);
    double observedSeconds = observed < 0 ? -1 : (System.nanoTime() - start) / 1e9;
    Thread.sleep(3000);
    return new RestartResult(
        bindings,
        layout.domainCount(),
        world.emulator.writeCalls() - writes,
        world.emulator.calls().size() - calls,
        observedSeconds);
  }

  private static String secret(int binding) {
    return "b" + binding + "-tls";
  }
}
