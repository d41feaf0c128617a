package io.certsync.cdn.benchmark;

import java.util.List;
import java.util.Locale;

/** The benchmark's results, and the Markdown report of them written to docs/benchmarks.md. */
final class BenchmarkReport {

  private BenchmarkReport() {}

  /** The result of one mass renewal. */
  static final class MassRenewal {
    int n;
    int bindings;
    double initialSeconds;
    double wallSeconds;
    long throttled;
    long uploads;
    int[] perSecond;
    String restart;
  }

  /** The report, in Markdown. */
  static String render(
      List<MassRenewal> renewals,
      String large,
      double[] latency,
      String restart,
      String memory,
      String chart) {
    StringBuilder report = new StringBuilder();
    report.append("# Benchmarks\n\n");
    report.append(
        "Reproduce with `mvn -B -q package -DskipTests && java -jar target/cdn-cert-operator.jar benchmark` (a few minutes).\n");
    report.append(
        "Everything runs on this machine: fabric8's mock Kubernetes API server in-process, the CDN emulator over HTTP\n");
    report.append(
        "enforcing the documented per-account limits in any sliding 1-second window (SetCdnDomainSSLCertificate 30/s,\n");
    report.append(
        "DescribeDomainCertificateInfo 100/s), and the operator with its default settings. Certificates use EC P-256 keys\n");
    report.append(
        "so that making thousands of them does not dominate the run; the key type does not change the API calls.\n\n");
    report.append("Machine: ").append(MachineInfo.describe()).append("\n\n");
    report.append(targets(renewals, latency, restart, memory));
    report.append("## Mass renewal\n\n");
    report.append(
        "Every Secret renewed at once; wall time from the first Secret update until every domain serves its new certificate.\n\n");
    report.append(
        "| domains | bindings | initial sync | renewal wall time | ideal (N/30) | ideal/actual | throttling errors | uploads |\n");
    report.append("|---|---|---|---|---|---|---|---|\n");
    for (MassRenewal r : renewals) {
      double ideal = r.n / (double) Benchmark.LIMIT;
      report.append(
          String.format(
              Locale.ROOT,
              "| %d | %d | %.2f s | %.2f s | %.2f s | %.2f | %d | %d |%n",
              r.n,
              r.bindings,
              r.initialSeconds,
              r.wallSeconds,
              ideal,
              ideal / r.wallSeconds,
              r.throttled,
              r.uploads));
    }
    report.append("\n![calls per second](").append(chart).append(")\n\n");
    report.append("## One large binding over a slow network\n\n");
    report.append(
        "One binding of "
            + Benchmark.LARGE_DOMAINS
            + " domains, every API answer delayed "
            + Benchmark.LARGE_LATENCY.toMillis()
            + " ms. Its domains sync in parallel, so the per-account limit, not the round trips, sets the pace.\n\n");
    report
        .append("| step | wall time | ideal (N/30) |\n|---|---|---|\n")
        .append(large)
        .append("\n");
    report.append("## Propagation latency (idle system)\n\n");
    report.append(
        "From the Secret update to the CDN serving the new certificate, one binding, one domain.\n\n");
    report.append(
        String.format(
            Locale.ROOT,
            "| renewals | p50 | p99 | max |%n|---|---|---|---|%n| %d | %.0f ms | %.0f ms | %.0f ms |%n%n",
            latency.length,
            percentile(latency, 50),
            percentile(latency, 99),
            latency[latency.length - 1]));
    report.append("## Operator restart with everything synced\n\n");
    report.append(
        "| state | write calls after restart | API calls after restart | time until every binding is observed |\n|---|---|---|---|\n");
    report.append(restart).append("\n");
    report.append("## Memory\n\n");
    report.append(
        "The operator as its own process (`java -Xmx358m -XX:+UseSerialGC -jar cdn-cert-operator.jar run`, the heap the\n");
    report.append(
        "chart's defaults give), once every binding is Ready, after a full GC. The mock API server ignores field\n");
    report.append(
        "selectors, so here the operator caches every Secret; on a real cluster it caches only kubernetes.io/tls ones.\n\n");
    report
        .append("| state | heap after GC | process RSS |\n|---|---|---|\n")
        .append(memory)
        .append("\n");
    return report.toString();
  }

  /** The targets against what was measured. */
  private static String targets(
      List<MassRenewal> renewals, double[] latency, String restart, String memory) {
    StringBuilder t =
        new StringBuilder("## Targets\n\n| target | measured | met |\n|---|---|---|\n");
    StringBuilder ratios = new StringBuilder();
    boolean massOk = true;
    for (MassRenewal r : renewals) {
      double ratio = (r.n / (double) Benchmark.LIMIT) / r.wallSeconds;
      ratios
          .append(ratios.length() == 0 ? "" : ", ")
          .append(String.format(Locale.ROOT, "%.2f (N=%d, %d throttled)", ratio, r.n, r.throttled));
      massOk &= ratio >= 0.90 && r.throttled == 0 && r.uploads == r.n;
    }
    t.append("| mass renewal: ideal/actual >= 0.90, zero throttling errors, uploads = N | ")
        .append(ratios)
        .append(" | ")
        .append(massOk ? "yes" : "NO")
        .append(" |\n");
    double p99 = percentile(latency, 99);
    t.append(
        String.format(
            Locale.ROOT,
            "| propagation p99 < 2 s | %.0f ms | %s |%n",
            p99,
            p99 < 2000 ? "yes" : "NO"));
    String writes = restart.isEmpty() ? "?" : restart.split("\\|")[2].trim();
    t.append("| zero write calls on restart | ")
        .append(writes)
        .append(" | ")
        .append("0".equals(writes) ? "yes" : "NO")
        .append(" |\n");
    java.util.regex.Matcher heap =
        java.util.regex.Pattern.compile("Secrets \\(\\d+ TLS\\) \\| ([0-9.]+) MiB").matcher(memory);
    if (heap.find()) {
      double mib = Double.parseDouble(heap.group(1));
      t.append(
          String.format(
              Locale.ROOT,
              "| heap < 256 MiB with 1,000 bindings and 5,000 Secrets | %.1f MiB | %s |%n",
              mib,
              mib < 256 ? "yes" : "NO"));
    }
    t.append(
        "\nFor large N the mass-renewal ratio tends to 0.95 by design: the client's limiter counts a window of 1.05 s,\n");
    t.append(
        "not 1 s, so that the 31st call of a burst cannot reach the server inside the window of the first (calls arrive\n");
    t.append(
        "a little after they leave); that margin keeps the throttling errors at zero. A small N can exceed 1.00 because\n");
    t.append("the first 30 calls of a renewal go at once.\n\n");
    return t.toString();
  }

  static double percentile(double[] sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
