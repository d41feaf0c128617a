package io.certsync.cdn.cloudapi.aliyun;

import io.certsync.cdn.cloudapi.CdnAction;
import io.certsync.cdn.cloudapi.CdnResult;

/**
 * Observes every API call, CDN, CAS and STS, for metrics and logs. {@code subject} names what the
 * call was about: a domain, a certificate name or id, an AccessKeyId.
 */
@FunctionalInterface
public interface ApiCallListener {

  ApiCallListener NONE = (action, subject, result, nanos, waitedNanos) -> {};

  void onCall(
      CdnAction action, String subject, CdnResult<?> result, long latencyNanos, long waitedNanos);
}
