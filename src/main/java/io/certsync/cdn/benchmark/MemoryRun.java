package io.certsync.cdn.benchmark;

import io.certsync.cdn.fixtures.OperatorProcess;
import io.certsync.cdn.fixtures.Polling;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Runs the operator as its own process against a benchmark world and measures its memory. */
final class MemoryRun {

  /** Heap in use after a full GC, and resident set size, in MiB. */
  record Sample(double heapAfterGcMiB, double rssMiB) {}

  private MemoryRun() {}

  static Sample measure(BenchmarkWorld world, int bindings, PrintWriter console) throws Exception {
    if (!OperatorProcess.codeLocation().toString().endsWith(".jar")) {
      throw new IllegalStateException(
          "the memory run starts the operator jar: run the benchmark with java -jar target/cdn-cert-operator.jar");
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    try (OperatorProcess operator =
        world.startOperatorProcess(
            Map.of(
                "HTTP_PORT",
                String.valueOf(port),
                "DRIFT_CHECK_INTERVAL",
                "0",
                "LEADER_ELECTION",
                "false"),
            List.of("-Xmx358m", "-XX:+UseSerialGC"))) {
      Process process = operator.process();
      Path log = operator.log();
      HttpClient http = HttpClient.newHttpClient();
      URI metrics = URI.create("http://127.0.0.1:" + port + "/metrics");
      double seconds =
          Polling.await(
              () -> {
                try {
                  String body =
                      http.send(
                              HttpRequest.newBuilder(metrics).build(),
                              HttpResponse.BodyHandlers.ofString())
                          .body();
                  return body.lines()
                          .filter(l -> l.startsWith("cdn_binding_ready{") && l.endsWith(" 1.0"))
                          .count()
                      == bindings;
                } catch (IOException | InterruptedException e) {
                  return false;
                }
              },
              Duration.ofMinutes(10),
              500);
      if (seconds < 0 || !process.isAlive()) {
        throw new IllegalStateException(
            "the operator process did not observe every binding; its log: " + log);
      }
      console.printf("  operator process observed %d bindings after %.1f s%n", bindings, seconds);
      new ProcessBuilder(
              Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
              String.valueOf(process.pid()),
              "GC.run")
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor();
      Thread.sleep(1000);
      String body =
          http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString())
              .body();
      double heap =
          body.lines()
              .filter(l -> l.startsWith("jvm_memory_used_bytes{") && l.contains("area=\"heap\""))
              .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
              .sum();
      double rssKib =
          Files.readAllLines(Path.of("/proc/" + process.pid() + "/status")).stream()
              .filter(l -> l.startsWith("VmRSS:"))
              .mapToDouble(l -> Double.parseDouble(l.replaceAll("[^0-9]", "")))
              .findFirst()
              .orElse(0);
      return new Sample(heap / (1024 * 1024), rssKib / 1024);
    }
  }
}
