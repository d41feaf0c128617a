package io.certsync.cdn.cloudapi.aliyun;

import io.certsync.cdn.cloudapi.CdnAction;
import io.certsync.cdn.cloudapi.CdnResult;

/** Observes every API call, for metrics and logs. */
@FunctionalInterface
public interface ApiCallListener {

  ApiCallListener NONE = (action, domain, result, nanos, waitedNanos) -> {};

  void onCall(
      CdnAction action, String domain, CdnResult<?> result, long latencyNanos, long waitedNanos);
}
