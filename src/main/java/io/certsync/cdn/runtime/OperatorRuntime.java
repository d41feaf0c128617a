package io.certsync.cdn.runtime;

import io.certsync.cdn.certificate.PreflightChecker;
import io.certsync.cdn.cloudapi.AccountResolver;
import io.certsync.cdn.cloudapi.CdnAction;
import io.certsync.cdn.cloudapi.CdnCertificateClient;
import io.certsync.cdn.cloudapi.CertificateStoreClient;
import io.certsync.cdn.cloudapi.aliyun.AliyunClients;
import io.certsync.cdn.cloudapi.aliyun.ApiCallListener;
import io.certsync.cdn.reconciler.CdnCertificateBindingReconciler;
import io.certsync.cdn.reconciler.KubernetesCredentialsSource;
import io.certsync.cdn.reconciler.KubernetesEventPublisher;
import io.certsync.cdn.sync.CertificateRegistry;
import io.certsync.cdn.sync.DomainWorkers;
import io.certsync.cdn.sync.HttpsDisabler;
import io.certsync.cdn.sync.RetryPolicy;
import io.certsync.cdn.sync.SyncEngine;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import okhttp3.OkHttpClient;

/** Wires the operator from its configuration: the one place that knows every part. */
public final class OperatorRuntime implements AutoCloseable {

  /**
   * At most this many domain syncs of large bindings run at once: 30 writes/s at up to about 2 s
   * per domain (three round trips far from the endpoint), and a bound a hung endpoint cannot pass.
   */
  static final int MAX_DOMAIN_SYNCS = 96;

  /**
   * JOSDK's reconcile threads: small bindings sync on them, so at 300 ms round trips they, too,
   * must keep 30 writes/s busy.
   */
  static final int RECONCILE_THREADS = 100;

  private final Operator operator;
  private final DomainWorkers domainExecutor;
  private final PrometheusMeterRegistry registry;
  private final Optional<OperatorHttpServer> http;
  private final KubernetesClient kubernetes;
  private final Optional<LeaderLease> lease;

  private OperatorRuntime(
      Operator operator,
      DomainWorkers domainExecutor,
      PrometheusMeterRegistry registry,
      Optional<OperatorHttpServer> http,
      KubernetesClient kubernetes,
      Optional<LeaderLease> lease) {
    this.operator = operator;
    this.domainExecutor = domainExecutor;
    this.registry = registry;
    this.http = http;
    this.kubernetes = kubernetes;
    this.lease = lease;
  }

  /** The clients of the three APIs the operator calls, sharing one HTTP client and limiters. */
  public record CloudClients(
      CdnCertificateClient cdn, CertificateStoreClient store, AccountResolver accounts) {}

  /**
   * The CDN, certificate store and STS clients with their own rate limiters, paced per account, as
   * the operator, push and tests use them.
   */
  public static CloudClients cloudClients(
      OperatorConfig config, Clock clock, ApiCallListener listener) {
    Duration timeout = config.apiTimeout();
    OkHttpClient http =
        new OkHttpClient.Builder()
            .connectTimeout(
                timeout.compareTo(Duration.ofSeconds(10)) < 0 ? timeout : Duration.ofSeconds(10))
            .readTimeout(timeout)
            .callTimeout(timeout.plusSeconds(5))
            // retries are the sync engine's, decided by error class, never OkHttp's
            .retryOnConnectionFailure(false)
            .build();
    AliyunClients clients =
        AliyunClients.create(
            new AliyunClients.Endpoints(
                config.endpoint(), config.casEndpoint(), config.stsEndpoint()),
            config.signatureVersion(),
            http,
            clock,
            listener);
    return new CloudClients(clients.cdn(), clients.store(), clients.accounts());
  }

  /** A CDN client with its own rate limiters. */
  public static CdnCertificateClient cdnClient(
      OperatorConfig config, Clock clock, ApiCallListener listener) {
    return cloudClients(config, clock, listener).cdn();
  }

  /**
   * Builds and starts the operator, its metrics and its HTTP endpoints against the given cluster.
   */
  public static OperatorRuntime start(
      KubernetesClient kubernetes, OperatorConfig config, Clock clock) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    OperatorMetrics metrics = new OperatorMetrics(registry);
    CloudClients clients = cloudClients(config, clock, metrics);
    CdnCertificateClient cdn = clients.cdn();
    // domains of a binding sync in parallel; the per-account limiter still sets the pace
    DomainWorkers domainExecutor =
        new DomainWorkers(CdnAction.SetCdnDomainSSLCertificate.callsPerSecond(), MAX_DOMAIN_SYNCS);
    RetryPolicy retry =
        new RetryPolicy(config.syncSettings(), () -> ThreadLocalRandom.current().nextDouble());
    CertificateRegistry certificates = new CertificateRegistry();
    metrics.storeCertificates(certificates::certificatesByAccount);
    SyncEngine synchronizer =
        new SyncEngine(
            cdn,
            clients.store(),
            clients.accounts(),
            certificates,
            new PreflightChecker(),
            retry,
            domainExecutor);
    CdnCertificateBindingReconciler reconciler =
        new CdnCertificateBindingReconciler(
            synchronizer,
            new HttpsDisabler(cdn, retry),
            new KubernetesCredentialsSource(kubernetes, config.defaultCredentials()),
            new KubernetesEventPublisher(kubernetes, clock),
            metrics,
            clock);
    Optional<LeaderLease> lease =
        config.leaderElection().map(le -> new LeaderLease(le, LeaderLease.systemExit(), clock));
    Operator operator =
        new Operator(
            o -> {
              o.withKubernetesClient(kubernetes)
                  // status is patched without server-side apply, in production as in tests
                  .withUseSSAToPatchPrimaryResource(false)
                  .withCloseClientOnStop(false)
                  .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry))
                  .withReconciliationTerminationTimeout(Duration.ofSeconds(5))
                  .withConcurrentReconciliationThreads(RECONCILE_THREADS);
              config
                  .leaderElection()
                  .ifPresent(
                      le ->
                          o.withLeaderElectionConfiguration(
                              LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(
                                      le.leaseName())
                                  .withLeaseNamespace(le.leaseNamespace())
                                  .withIdentity(le.identity())
                                  .withLeaseDuration(le.leaseDuration())
                                  .withRenewDeadline(le.renewDeadline())
                                  .withRetryPeriod(le.retryPeriod())
                                  // LeaderLease decides when to exit (see there)
                                  .withExitOnStopLeading(false)
                                  .withLeaderCallbacks(lease.orElseThrow().callbacks())
                                  .build()));
            });
    operator.register(
        reconciler,
        c -> {
          if (config.watchNamespaces().isEmpty()) {
            c.watchingAllNamespaces();
          } else {
            c.settingNamespaces(config.watchNamespaces());
          }
        });
    Optional<OperatorHttpServer> http = Optional.empty();
    if (config.httpPort() >= 0) {
      try {
        http =
            Optional.of(
                new OperatorHttpServer(config.httpPort(), () -> ready(operator), registry::scrape));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot listen on HTTP port " + config.httpPort(), e);
      }
    }
    try {
      operator.start();
    } catch (RuntimeException e) {
      http.ifPresent(OperatorHttpServer::close);
      domainExecutor.close();
      throw e;
    }
    return new OperatorRuntime(operator, domainExecutor, registry, http, kubernetes, lease);
  }

  /** Started, and its informers healthy: what /readyz answers. */
  private static boolean ready(Operator operator) {
    return operator.getRuntimeInfo().isStarted()
        && operator.getRuntimeInfo().allEventSourcesAreHealthy();
  }

  public boolean isReady() {
    return ready(operator);
  }

  /** The port of /metrics, /healthz and /readyz, if they are served. */
  public Optional<Integer> httpPort() {
    return http.map(OperatorHttpServer::port);
  }

  public String scrape() {
    return registry.scrape();
  }

  public boolean isStarted() {
    return operator.getRuntimeInfo().isStarted();
  }

  @Override
  public void close() {
    lease.ifPresent(LeaderLease::stopping);
    operator.stop();
    lease.ifPresent(l -> l.release(kubernetes));
    domainExecutor.close();
    http.ifPresent(OperatorHttpServer::close);
    registry.close();
  }
}
