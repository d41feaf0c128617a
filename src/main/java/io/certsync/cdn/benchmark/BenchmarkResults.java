package io.certsync.cdn.benchmark;

import java.util.List;
import java.util.Optional;

/**
 * Everything one benchmark run measured: mass renewals of mixed layouts (the last one charted and
 * restarted), the key-upload layouts, the slow-network renewal, the fairness case (the large
 * binding first), the large binding, propagation latencies in sorted milliseconds, and memory.
 */
record BenchmarkResults(
    List<RenewalResult> mixed,
    Optional<RestartResult> restart,
    List<RenewalResult> layouts,
    RenewalResult slow,
    RenewalResult fairness,
    RenewalResult large,
    double[] latency,
    Optional<MemoryResult> memory,
    String chart) {}
