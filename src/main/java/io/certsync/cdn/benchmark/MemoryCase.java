package io.certsync.cdn.benchmark;

import io.certsync.cdn.certificate.LocalIssuer;
import io.certsync.cdn.fixtures.Secrets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The memory of an operator process holding many bindings, then many more Secrets. */
final class MemoryCase {

  private MemoryCase() {}

  static MemoryResult run(LocalIssuer issuer, int bindings, int secrets, Progress progress)
      throws Exception {
    progress.say("memory: %d bindings, %d Secrets, operator in its own process", bindings, secrets);
    List<String> domains = new ArrayList<>();
    for (int i = 0; i < bindings; i++) {
      domains.add("m" + i + ".bench.example.com");
    }
    try (BenchmarkWorld world = new BenchmarkWorld(domains)) {
      LocalIssuer.Issued shared = issuer.issueEc(Duration.ofDays(90), "*.bench.example.com");
      for (int i = 0; i < bindings; i++) {
        world.fixtures.tlsSecret("m" + i + "-tls", shared);
        world.fixtures.createBinding("m" + i, "m" + i + "-tls", List.of(domains.get(i)));
      }
      MemoryRun.Sample base = MemoryRun.measure(world, bindings, progress.console());
      for (int i = 0; i < secrets - bindings; i++) {
        boolean tls = i < secrets / 2 - bindings;
        String name = "other-" + i;
        world.fixtures.apply(
            tls
                ? Secrets.tls(
                        BenchmarkWorld.NAMESPACE, name, shared.chainPem(), shared.keyPem().reveal())
                    .build()
                : Secrets.opaque(BenchmarkWorld.NAMESPACE, name, "config", "x".repeat(2048))
                    .build());
      }
      MemoryRun.Sample full = MemoryRun.measure(world, bindings, progress.console());
      return new MemoryResult(bindings, secrets, base, full);
    }
  }
}
