package io.certsync.cdn.cdn.aliyun;

import io.certsync.cdn.cdn.CdnAction;
import io.certsync.cdn.cdn.CdnResult;

/** Observes every API call, for metrics and logs. */
@FunctionalInterface
public interface ApiCallListener {

  ApiCallListener NONE = (action, domain, result, nanos, waitedNanos) -> {};

  void onCall(
      CdnAction action, String domain, CdnResult<?> result, long latencyNanos, long waitedNanos);
}
