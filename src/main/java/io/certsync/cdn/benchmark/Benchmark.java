package io.certsync.cdn.benchmark;

import io.certsync.cdn.certificate.Fingerprints;
import io.certsync.cdn.certificate.LocalIssuer;
import io.certsync.cdn.emulator.RecordedCall;
import io.certsync.cdn.fixtures.Polling;
import io.certsync.cdn.fixtures.Secrets;
import io.certsync.cdn.runtime.OperatorRuntime;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark: mass renewal against the real per-account limits, propagation latency, restart
 * cost and memory, measured on this machine and written as a Markdown report.
 */
public final class Benchmark {

  static final int LIMIT = 30;

  /**
   * What the {@code benchmark} command asks for: mass renewal sizes, renewals for the latency
   * figure, the memory run's size (or none), and where the report goes.
   */
  public record Settings(
      List<Integer> sizes,
      int renewals,
      int memoryBindings,
      int memorySecrets,
      boolean skipMemory,
      Path out) {}

  private final List<Integer> sizes;
  private final int renewals;
  private final int memoryBindings;
  private final int memorySecrets;
  private final boolean skipMemory;
  private final Path out;
  private final PrintWriter console;

  public Benchmark(Settings settings, PrintWriter console) {
    this.sizes = settings.sizes();
    this.renewals = settings.renewals();
    this.memoryBindings = settings.memoryBindings();
    this.memorySecrets = settings.memorySecrets();
    this.skipMemory = settings.skipMemory();
    this.out = settings.out();
    this.console = console;
  }

  /** Runs every case and writes the report; 0 when done. */
  public int run() throws Exception {
    LocalIssuer issuer = LocalIssuer.create("Benchmark CA");
    List<BenchmarkReport.MassRenewal> renewalsDone = new ArrayList<>();
    String restart = "";
    for (int n : sizes) {
      BenchmarkReport.MassRenewal r = massRenewal(issuer, n, n == sizes.get(sizes.size() - 1));
      renewalsDone.add(r);
      if (r.restart != null) {
        restart = r.restart;
      }
    }
    String large = largeBinding(issuer);
    double[] latency = propagation(issuer);
    String memory = skipMemory ? "| (skipped) | | | |\n" : memory(issuer);
    Files.createDirectories(out);
    String chart = "mass-renewal-" + renewalsDone.get(renewalsDone.size() - 1).n + ".svg";
    Files.writeString(
        out.resolve(chart),
        SvgChart.callsPerSecond(
            renewalsDone.get(renewalsDone.size() - 1).perSecond,
            LIMIT,
            "SetCdnDomainSSLCertificate calls per second, mass renewal of "
                + renewalsDone.get(renewalsDone.size() - 1).n
                + " domains"));
    String report = BenchmarkReport.render(renewalsDone, large, latency, restart, memory, chart);
    Files.writeString(out.resolve("benchmarks.md"), report);
    console.println();
    console.println(report);
    console.flush();
    return 0;
  }

  private BenchmarkReport.MassRenewal massRenewal(LocalIssuer issuer, int n, boolean measureRestart)
      throws Exception {
    List<List<String>> groups = new ArrayList<>();
    List<String> all = new ArrayList<>();
    for (int b = 0, left = n; left > 0; b++) {
      int size = Math.min(left, 1 + b % 10);
      List<String> domains = new ArrayList<>();
      for (int d = 0; d < size; d++) {
        domains.add("d" + d + ".b" + b + ".bench.example.com");
      }
      groups.add(domains);
      all.addAll(domains);
      left -= size;
    }
    progress("mass renewal of %d domains over %d bindings: issuing certificates", n, groups.size());
    List<LocalIssuer.Issued> first = new ArrayList<>();
    List<LocalIssuer.Issued> second = new ArrayList<>();
    for (int b = 0; b < groups.size(); b++) {
      first.add(issuer.issueEc(Duration.ofDays(90), "*.b" + b + ".bench.example.com"));
      second.add(issuer.issueEc(Duration.ofDays(90), "*.b" + b + ".bench.example.com"));
    }
    BenchmarkReport.MassRenewal r = new BenchmarkReport.MassRenewal();
    r.n = n;
    r.bindings = groups.size();
    try (BenchmarkWorld world = new BenchmarkWorld(all)) {
      world.startOperator();
      long start = System.nanoTime();
      for (int b = 0; b < groups.size(); b++) {
        world.fixtures.tlsSecret("b" + b + "-tls", first.get(b));
        world.fixtures.createBinding("b" + b, "b" + b + "-tls", groups.get(b));
      }
      progress("  initial sync");
      Polling.await(
          () -> world.fixtures.readyBindings() == groups.size(), Duration.ofMinutes(10), 200);
      r.initialSeconds = (System.nanoTime() - start) / 1e9;
      Thread.sleep(1500); // let the per-account window empty, as between two real renewals
      progress("  renewal");
      Instant t0 = Instant.now();
      long t0nanos = System.nanoTime();
      for (int b = 0; b < groups.size(); b++) {
        world.fixtures.tlsSecret("b" + b + "-tls", second.get(b));
      }
      List<String> fps = second.stream().map(i -> Fingerprints.of(i.certificate())).toList();
      Polling.await(
          () -> {
            for (int b = 0; b < groups.size(); b++) {
              for (String d : groups.get(b)) {
                if (!fps.get(b).equals(world.emulator.servedFingerprint(d))) {
                  return false;
                }
              }
            }
            return true;
          },
          Duration.ofMinutes(10),
          20);
      r.wallSeconds = (System.nanoTime() - t0nanos) / 1e9;
      List<RecordedCall> during = world.emulator.calls(c -> !c.time().isBefore(t0));
      r.throttled = during.stream().filter(c -> "Throttling.User".equals(c.errorCode())).count();
      r.uploads = during.stream().filter(RecordedCall::isUpload).count();
      r.perSecond = new int[(int) Math.ceil(r.wallSeconds) + 1];
      for (RecordedCall c : during) {
        if (c.action().equals("SetCdnDomainSSLCertificate")) {
          int second1 = (int) (Duration.between(t0, c.time()).toMillis() / 1000);
          if (second1 < r.perSecond.length) {
            r.perSecond[second1]++;
          }
        }
      }
      if (measureRestart) {
        Polling.await(
            () -> world.fixtures.readyBindings() == groups.size(), Duration.ofMinutes(2), 200);
        Thread.sleep(1000);
        long writes = world.emulator.writeCalls();
        long calls = world.emulator.calls().size();
        world.stopOperator();
        progress("  restart");
        long restartStart = System.nanoTime();
        OperatorRuntime runtime = world.startOperator();
        double observed =
            Polling.await(
                () ->
                    runtime.scrape().lines().filter(l -> l.startsWith("cdn_binding_ready{")).count()
                        == groups.size(),
                Duration.ofMinutes(5),
                50);
        double observedSeconds = observed < 0 ? -1 : (System.nanoTime() - restartStart) / 1e9;
        Thread.sleep(3000);
        r.restart =
            String.format(
                Locale.ROOT,
                "| %d bindings, %d domains, all synced | %d | %d | %.2f s |%n",
                groups.size(),
                n,
                world.emulator.writeCalls() - writes,
                world.emulator.calls().size() - calls,
                observedSeconds);
      }
    }
    progress(
        "  %d domains renewed in %.2f s (ideal %.2f s), %d uploads, %d throttled",
        n, r.wallSeconds, n / (double) LIMIT, r.uploads, r.throttled);
    return r;
  }

  static final int LARGE_DOMAINS = 100;
  static final Duration LARGE_LATENCY = Duration.ofMillis(100);

  /** One binding of many domains with slow answers: first sync and renewal wall times. */
  private String largeBinding(LocalIssuer issuer) throws Exception {
    progress(
        "one binding of %d domains, %d ms per answer", LARGE_DOMAINS, LARGE_LATENCY.toMillis());
    List<String> domains = new ArrayList<>();
    for (int i = 0; i < LARGE_DOMAINS; i++) {
      domains.add("l" + i + ".large.bench.example.com");
    }
    LocalIssuer.Issued first = issuer.issueEc(Duration.ofDays(90), "*.large.bench.example.com");
    LocalIssuer.Issued second = issuer.issueEc(Duration.ofDays(90), "*.large.bench.example.com");
    try (BenchmarkWorld world = new BenchmarkWorld(domains)) {
      world.emulator.latency(LARGE_LATENCY);
      world.startOperator();
      long start = System.nanoTime();
      world.fixtures.tlsSecret("large-tls", first);
      world.fixtures.createBinding("large", "large-tls", domains);
      Polling.await(() -> world.fixtures.readyBindings() == 1, Duration.ofMinutes(10), 50);
      double initial = (System.nanoTime() - start) / 1e9;
      Thread.sleep(1500);
      String fp = Fingerprints.of(second.certificate());
      start = System.nanoTime();
      world.fixtures.tlsSecret("large-tls", second);
      Polling.await(
          () -> domains.stream().allMatch(d -> fp.equals(world.emulator.servedFingerprint(d))),
          Duration.ofMinutes(10),
          20);
      double renewal = (System.nanoTime() - start) / 1e9;
      double ideal = LARGE_DOMAINS / (double) LIMIT;
      progress("  first sync %.2f s, renewal %.2f s", initial, renewal);
      return String.format(
          Locale.ROOT,
          "| first sync (read, upload, read back per domain) | %.2f s | %.2f s |%n| renewal | %.2f s | %.2f s |%n",
          initial,
          ideal,
          renewal,
          ideal);
    }
  }

  private double[] propagation(LocalIssuer issuer) throws Exception {
    progress("propagation latency over %d renewals", renewals);
    List<LocalIssuer.Issued> certs = new ArrayList<>();
    for (int i = 0; i <= renewals; i++) {
      certs.add(issuer.issueEc(Duration.ofDays(90), "latency.bench.example.com"));
    }
    double[] samples = new double[renewals];
    try (BenchmarkWorld world = new BenchmarkWorld(List.of("latency.bench.example.com"))) {
      world.startOperator();
      world.fixtures.tlsSecret("latency-tls", certs.get(0));
      world.fixtures.createBinding("latency", "latency-tls", List.of("latency.bench.example.com"));
      Polling.await(() -> world.fixtures.readyBindings() == 1, Duration.ofSeconds(30), 20);
      for (int i = 1; i <= renewals; i++) {
        String fp = Fingerprints.of(certs.get(i).certificate());
        Thread.sleep(40); // idle between renewals: no rate-limiter wait in the figure
        long start = System.nanoTime();
        world.fixtures.tlsSecret("latency-tls", certs.get(i));
        Polling.await(
            () -> fp.equals(world.emulator.servedFingerprint("latency.bench.example.com")),
            Duration.ofSeconds(30),
            1);
        samples[i - 1] = (System.nanoTime() - start) / 1e6;
      }
    }
    Arrays.sort(samples);
    return samples;
  }

  private String memory(LocalIssuer issuer) throws Exception {
    progress(
        "memory: %d bindings, %d Secrets, operator in its own process",
        memoryBindings, memorySecrets);
    List<String> domains = new ArrayList<>();
    for (int i = 0; i < memoryBindings; i++) {
      domains.add("m" + i + ".bench.example.com");
    }
    StringBuilder rows = new StringBuilder();
    try (BenchmarkWorld world = new BenchmarkWorld(domains)) {
      LocalIssuer.Issued shared = issuer.issueEc(Duration.ofDays(90), "*.bench.example.com");
      for (int i = 0; i < memoryBindings; i++) {
        world.fixtures.tlsSecret("m" + i + "-tls", shared);
        world.fixtures.createBinding("m" + i, "m" + i + "-tls", List.of(domains.get(i)));
      }
      MemoryRun.Sample base = MemoryRun.measure(world, memoryBindings, console);
      rows.append(
          String.format(
              Locale.ROOT,
              "| %d bindings, %d TLS Secrets | %.1f MiB | %.1f MiB |%n",
              memoryBindings,
              memoryBindings,
              base.heapAfterGcMiB(),
              base.rssMiB()));
      int extra = memorySecrets - memoryBindings;
      for (int i = 0; i < extra; i++) {
        boolean tls = i < memorySecrets / 2 - memoryBindings;
        String name = "other-" + i;
        world.fixtures.apply(
            tls
                ? Secrets.tls(
                        BenchmarkWorld.NAMESPACE, name, shared.chainPem(), shared.keyPem().reveal())
                    .build()
                : Secrets.opaque(BenchmarkWorld.NAMESPACE, name, "config", "x".repeat(2048))
                    .build());
      }
      MemoryRun.Sample full = MemoryRun.measure(world, memoryBindings, console);
      rows.append(
          String.format(
              Locale.ROOT,
              "| %d bindings, %d Secrets (%d TLS) | %.1f MiB | %.1f MiB |%n",
              memoryBindings,
              memorySecrets,
              memorySecrets / 2,
              full.heapAfterGcMiB(),
              full.rssMiB()));
      double perSecret = (full.heapAfterGcMiB() - base.heapAfterGcMiB()) * 1024 * 1024 / extra;
      rows.append(
          String.format(
              Locale.ROOT, "| bytes per additional cached Secret | %.0f B | |%n", perSecret));
    }
    return rows.toString();
  }

  private void progress(String format, Object... args) {
    console.println(String.format(Locale.ROOT, format, args));
    console.flush();
  }
}
