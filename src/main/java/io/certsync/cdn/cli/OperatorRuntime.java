package io.certsync.cdn.cli;

import io.certsync.cdn.cdn.CdnCertificateClient;
import io.certsync.cdn.cdn.aliyun.AliyunCdnClient;
import io.certsync.cdn.cdn.aliyun.ApiCallListener;
import io.certsync.cdn.cdn.aliyun.RateLimiters;
import io.certsync.cdn.certificate.PreflightChecker;
import io.certsync.cdn.reconciler.BindingSynchronizer;
import io.certsync.cdn.reconciler.CdnCertificateBindingReconciler;
import io.certsync.cdn.reconciler.HttpsDisabler;
import io.certsync.cdn.reconciler.KubernetesCredentialsSource;
import io.certsync.cdn.reconciler.KubernetesEventPublisher;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;

/** Wires the operator from its configuration: the one place that knows every part. */
public final class OperatorRuntime implements AutoCloseable {

  private final Operator operator;

  private OperatorRuntime(Operator operator) {
    this.operator = operator;
  }

  /** The CDN client the operator uses, with its shared rate limiters. */
  public static CdnCertificateClient cdnClient(OperatorConfig config, Clock clock, ApiCallListener listener) {
    OkHttpClient http =
        new OkHttpClient.Builder()
            .connectTimeout(10, TimeUnit.SECONDS)
            .readTimeout(30, TimeUnit.SECONDS)
            .callTimeout(45, TimeUnit.SECONDS)
            .retryOnConnectionFailure(false)
            .build();
    return new AliyunCdnClient(
        config.endpoint(), config.signatureVersion(), http, new RateLimiters(), clock, listener);
  }

  /** Builds and starts the operator against the given cluster. */
  public static OperatorRuntime start(
      KubernetesClient kubernetes, OperatorConfig config, CdnCertificateClient cdn, Clock clock) {
    BindingSynchronizer synchronizer =
        new BindingSynchronizer(
            cdn,
            new PreflightChecker(),
            config.syncSettings(),
            () -> ThreadLocalRandom.current().nextDouble());
    CdnCertificateBindingReconciler reconciler =
        new CdnCertificateBindingReconciler(
            synchronizer,
            new HttpsDisabler(cdn, config.syncSettings(), () -> ThreadLocalRandom.current().nextDouble()),
            new KubernetesCredentialsSource(kubernetes, config.defaultCredentials()),
            new KubernetesEventPublisher(kubernetes, clock),
            clock);
    Operator operator =
        new Operator(
            o ->
                o.withKubernetesClient(kubernetes)
                    // status is patched without server-side apply, in production as in tests
                    .withUseSSAToPatchPrimaryResource(false)
                    .withCloseClientOnStop(false)
                    .withReconciliationTerminationTimeout(Duration.ofSeconds(5)));
    operator.register(
        reconciler,
        c -> {
          if (config.watchNamespaces().isEmpty()) {
            c.watchingAllNamespaces();
          } else {
            c.settingNamespaces(config.watchNamespaces());
          }
        });
    operator.start();
    return new OperatorRuntime(operator);
  }

  public boolean isStarted() {
    return operator.getRuntimeInfo().isStarted();
  }

  public boolean isHealthy() {
    return operator.getRuntimeInfo().allEventSourcesAreHealthy();
  }

  @Override
  public void close() {
    operator.stop();
  }
}
