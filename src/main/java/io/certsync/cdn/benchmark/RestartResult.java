package io.certsync.cdn.benchmark;

/** What restarting an operator with everything synced cost, and how long it took to see it all. */
record RestartResult(int bindings, int domains, long writes, long calls, double observedSeconds) {}
