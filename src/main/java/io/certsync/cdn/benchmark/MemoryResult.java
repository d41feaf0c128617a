package io.certsync.cdn.benchmark;

/**
 * The operator process's memory with {@code bindings} bindings and their TLS Secrets only ({@code
 * base}), then with {@code secrets} Secrets of which half TLS ({@code full}).
 */
record MemoryResult(int bindings, int secrets, MemoryRun.Sample base, MemoryRun.Sample full) {

  /** Heap per Secret added between the two samples. */
  double bytesPerExtraSecret() {
    return (full.heapAfterGcMiB() - base.heapAfterGcMiB()) * 1024 * 1024 / (secrets - bindings);
  }
}
