package io.certsync.cdn.runtime;

import io.certsync.cdn.api.v1alpha1.CdnCertificateBinding;
import io.certsync.cdn.api.v1alpha1.CdnCertificateBindingStatus;
import io.certsync.cdn.api.v1alpha1.DomainStatus;
import io.certsync.cdn.cloudapi.CdnAction;
import io.certsync.cdn.cloudapi.CdnResult;
import io.certsync.cdn.cloudapi.aliyun.ApiCallListener;
import io.certsync.cdn.reconciler.BindingObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The operator's own Prometheus metrics. Expiry and sync times are exported as Unix timestamps, as
 * cert-manager does; {@code metric - time()} gives the seconds left.
 */
final class OperatorMetrics implements ApiCallListener, BindingObserver {

  private final MeterRegistry registry;
  private final Map<GaugeKey, AtomicReference<Double>> gauges = new ConcurrentHashMap<>();

  /** One gauge: its name and tags. */
  private record GaugeKey(String metric, Tags tags) {}

  private volatile Supplier<Map<String, Integer>> storeCertificates = Map::of;

  OperatorMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Where the count of certificates held in each account's store comes from. */
  void storeCertificates(Supplier<Map<String, Integer>> counts) {
    this.storeCertificates = counts;
  }

  @Override
  public void onCall(
      CdnAction action, String domain, CdnResult<?> result, long latencyNanos, long waitedNanos) {
    String code = result instanceof CdnResult.Failure<?> f ? f.error().code() : "OK";
    Counter.builder("cdn_api_calls")
        .description(
            "Calls to the Alibaba Cloud CDN API by action and answer code (OK for success)")
        .tags("action", action.name(), "code", code)
        .register(registry)
        .increment();
    Timer.builder("cdn_api_request_duration")
        .description("Latency of CDN API calls, rate-limiter wait excluded")
        .tags("action", action.name())
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(5))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry)
        .record(latencyNanos, TimeUnit.NANOSECONDS);
    Timer.builder("cdn_api_rate_limiter_wait")
        .description("Time calls waited for the per-account rate limiter")
        .tags("action", action.name())
        .register(registry)
        .record(waitedNanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void reconciled(
      CdnCertificateBinding binding, CdnCertificateBindingStatus status, List<Push> pushes) {
    String namespace = binding.getMetadata().getNamespace();
    String name = binding.getMetadata().getName();
    storeCertificates
        .get()
        .forEach(
            (account, count) ->
                gauge(
                    "cdn_store_certificates",
                    "Certificates the operator knows in each account's certificate store",
                    Tags.of("account", account),
                    count));
    for (Push push : pushes) {
      Counter.builder("cdn_certificate_pushes")
          .description(
              "Certificate writes per domain by outcome: deployed, drift_corrected or the API error code")
          .tags(
              "namespace",
              namespace,
              "binding",
              name,
              "domain",
              push.domain(),
              "outcome",
              push.outcome())
          .register(registry)
          .increment();
    }
    boolean ready = status.readyCondition().map(c -> "True".equals(c.getStatus())).orElse(false);
    Set<GaugeKey> set = new HashSet<>();
    set.add(
        gauge(
            "cdn_binding_ready",
            "1 when every domain serves the binding's certificate",
            Tags.of("namespace", namespace, "binding", name),
            ready ? 1 : 0));
    if (status.getCertificate() != null && status.getCertificate().getNotAfter() != null) {
      set.add(
          gauge(
              "cdn_certificate_expiration_timestamp_seconds",
              "notAfter of the binding's certificate (the Secret's, or the stored one)",
              Tags.of("namespace", namespace, "binding", name),
              epoch(status.getCertificate().getNotAfter())));
    }
    for (DomainStatus d : status.getDomains()) {
      Tags tags = Tags.of("namespace", namespace, "binding", name, "domain", d.getDomain());
      if (d.getServedNotAfter() != null) {
        set.add(
            gauge(
                "cdn_domain_served_expiration_timestamp_seconds",
                "notAfter of what the domain served when last read back",
                tags,
                epoch(d.getServedNotAfter())));
      }
      if (d.getLastSyncTime() != null) {
        set.add(
            gauge(
                "cdn_domain_last_sync_timestamp_seconds",
                "When the domain was last found or set to serve the certificate",
                tags,
                epoch(d.getLastSyncTime())));
      }
    }
    dropStale(namespace, name, set);
  }

  @Override
  public void deleted(String namespace, String name) {
    registry.getMeters().stream()
        .filter(
            m ->
                namespace.equals(m.getId().getTag("namespace"))
                    && name.equals(m.getId().getTag("binding")))
        .toList()
        .forEach(
            m -> {
              registry.remove(m);
              gauges.remove(new GaugeKey(m.getId().getName(), Tags.of(m.getId().getTags())));
            });
  }

  private GaugeKey gauge(String metric, String description, Tags tags, double value) {
    GaugeKey key = new GaugeKey(metric, tags);
    gauges
        .computeIfAbsent(
            key,
            k -> {
              AtomicReference<Double> holder = new AtomicReference<>(value);
              Gauge.builder(metric, holder, AtomicReference::get)
                  .description(description)
                  .tags(tags)
                  .register(registry);
              return holder;
            })
        .set(value);
    return key;
  }

  /** Removes the binding's gauges this reconcile did not set: a domain gone, a date unknown. */
  private void dropStale(String namespace, String name, Set<GaugeKey> set) {
    gauges.keySet().stream()
        .filter(
            k ->
                !set.contains(k)
                    && namespace.equals(tag(k, "namespace"))
                    && name.equals(tag(k, "binding")))
        .toList()
        .forEach(
            k -> {
              gauges.remove(k);
              registry.find(k.metric()).tags(k.tags()).gauges().forEach(registry::remove);
            });
  }

  private static String tag(GaugeKey key, String tag) {
    return key.tags().stream()
        .filter(t -> t.getKey().equals(tag))
        .map(Tag::getValue)
        .findFirst()
        .orElse(null);
  }

  private static double epoch(String rfc3339) {
    return Instant.parse(rfc3339).getEpochSecond();
  }
}
