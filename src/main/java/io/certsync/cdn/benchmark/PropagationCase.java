package io.certsync.cdn.benchmark;

import io.certsync.cdn.certificate.Fingerprints;
import io.certsync.cdn.certificate.LocalIssuer;
import io.certsync.cdn.fixtures.Polling;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Propagation latency on an idle system: one binding, one domain, renewed again and again. */
final class PropagationCase {

  private static final String DOMAIN = "latency.bench.example.com";

  private PropagationCase() {}

  /** Milliseconds from each Secret update until the CDN serves it, sorted. */
  static double[] run(LocalIssuer issuer, int renewals, Progress progress) throws Exception {
    progress.say("propagation latency over %d renewals", renewals);
    List<LocalIssuer.Issued> certs = new ArrayList<>();
    for (int i = 0; i <= renewals; i++) {
      certs.add(issuer.issueEc(Duration.ofDays(90), DOMAIN));
    }
    double[] samples = new double[renewals];
    try (BenchmarkWorld world = new BenchmarkWorld(List.of(DOMAIN))) {
      world.startOperator();
      world.fixtures.tlsSecret("latency-tls", certs.get(0));
      world.fixtures.createBinding("latency", "latency-tls", List.of(DOMAIN));
      Polling.await(() -> world.fixtures.readyBindings() == 1, Duration.ofSeconds(30), 20);
      for (int i = 1; i <= renewals; i++) {
        String fp = Fingerprints.of(certs.get(i).certificate());
        Thread.sleep(40); // idle between renewals: no rate-limiter wait in the figure
        long start = System.nanoTime();
        world.fixtures.tlsSecret("latency-tls", certs.get(i));
        Polling.await(
            () -> fp.equals(world.emulator.servedFingerprint(DOMAIN)), Duration.ofSeconds(30), 1);
        samples[i - 1] = (System.nanoTime() - start) / 1e6;
      }
    }
    Arrays.sort(samples);
    return samples;
  }

  /** The p-th percentile of sorted samples, nearest rank. */
  static double percentile(double[] sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
