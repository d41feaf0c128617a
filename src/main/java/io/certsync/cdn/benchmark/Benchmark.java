package io.certsync.cdn.benchmark;

import io.certsync.cdn.certificate.LocalIssuer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The benchmark: mass renewals against the real per-account limits (on a fast and on a slow
 * network, over several binding layouts), fairness between a large binding and small ones,
 * propagation latency, restart cost and memory, measured on this machine and written as a Markdown
 * report.
 */
public final class Benchmark {

  /**
   * What the {@code benchmark} command asks for: mass renewal sizes, the size of the key-upload
   * layouts (single-domain bindings and bindings of 10), the size of the slow-network renewal and
   * its answer delay, renewals for the latency figure, the memory run's size (or none), whether the
   * fixed-size cases shrink too (quick), and where the report goes.
   */
  public record Settings(
      List<Integer> sizes,
      int layoutDomains,
      int slowDomains,
      Duration latency,
      int renewals,
      int memoryBindings,
      int memorySecrets,
      boolean skipMemory,
      boolean quick,
      Path out) {

    /** Every case at a tiny scale, in seconds: a smoke run whose figures mean nothing. */
    public Settings quickScale() {
      return new Settings(
          List.of(12), 10, 10, latency, 3, memoryBindings, memorySecrets, true, true, out);
    }
  }

  /** The fairness case: one binding of this many domains renewed with small ones. */
  static final int FAIRNESS_LARGE = 100;

  static final int FAIRNESS_SMALL = 30;

  /** The large-binding case: one binding of this many domains over a slow network. */
  static final int LARGE_DOMAINS = 100;

  static final Duration LARGE_LATENCY = Duration.ofMillis(100);

  private final Settings settings;
  private final Progress progress;

  public Benchmark(Settings settings, PrintWriter console) {
    this.settings = settings;
    this.progress = new Progress(console);
  }

  /** Runs every case and writes the report; 0 when done. */
  public int run() throws Exception {
    LocalIssuer issuer = LocalIssuer.create("Benchmark CA");
    boolean quick = settings.quick();
    RenewalCase renewal = new RenewalCase(issuer, progress, Duration.ofMillis(quick ? 200 : 1500));
    int scale = quick ? 10 : 1;

    List<RenewalResult> mixed = new ArrayList<>();
    Optional<RestartResult> restart = Optional.empty();
    List<Integer> sizes = settings.sizes();
    for (int i = 0; i < sizes.size(); i++) {
      boolean last = i == sizes.size() - 1;
      RenewalCase.Outcome outcome =
          renewal.run(new RenewalCase.Plan(Layout.mixed(sizes.get(i)), Duration.ZERO, false, last));
      mixed.add(outcome.renewal());
      restart = restart.or(outcome::restart);
    }
    int n = settings.layoutDomains();
    List<RenewalResult> layouts =
        List.of(
            fast(renewal, Layout.uniform("s", n, 1)),
            fast(renewal, Layout.uniform("t", n / 10, 10)));
    RenewalResult slow =
        renewal
            .run(
                new RenewalCase.Plan(
                    Layout.mixed(settings.slowDomains()), settings.latency(), false, false))
            .renewal();
    Layout fairnessLayout =
        Layout.uniform("big", 1, FAIRNESS_LARGE / scale)
            .plus(Layout.uniform("small", FAIRNESS_SMALL / scale, 1));
    RenewalResult fairness =
        renewal
            .run(new RenewalCase.Plan(fairnessLayout, settings.latency(), false, false))
            .renewal();
    RenewalResult large =
        renewal
            .run(
                new RenewalCase.Plan(
                    Layout.uniform("large", 1, LARGE_DOMAINS / scale), LARGE_LATENCY, true, false))
            .renewal();
    double[] latency = PropagationCase.run(issuer, settings.renewals(), progress);
    Optional<MemoryResult> memory =
        settings.skipMemory()
            ? Optional.empty()
            : Optional.of(
                MemoryCase.run(
                    issuer, settings.memoryBindings(), settings.memorySecrets(), progress));

    RenewalResult charted = mixed.get(mixed.size() - 1);
    String chart = "mass-renewal-" + charted.domains() + ".svg";
    BenchmarkResults results =
        new BenchmarkResults(
            mixed, restart, layouts, slow, fairness, large, latency, memory, chart);
    Path out = settings.out();
    Files.createDirectories(out);
    Files.writeString(
        out.resolve(chart),
        SvgChart.callsPerSecond(
            charted.writesPerSecond(),
            RenewalResult.LIMIT,
            "SetCdnDomainSSLCertificate calls per second, mass renewal of "
                + charted.domains()
                + " domains"));
    String report = BenchmarkReport.render(results);
    Files.writeString(out.resolve("benchmarks.md"), report);
    progress.console().println();
    progress.console().println(report);
    progress.console().flush();
    return 0;
  }

  private static RenewalResult fast(RenewalCase renewal, Layout layout) throws Exception {
    return renewal.run(new RenewalCase.Plan(layout, Duration.ZERO, false, false)).renewal();
  }
}
