package io.certsync.cdn.cli;

import io.certsync.cdn.cloudapi.aliyun.CdnEndpoint;
import io.certsync.cdn.runtime.Durations;
import io.certsync.cdn.runtime.Environment;
import io.certsync.cdn.runtime.LeaderElection;
import io.certsync.cdn.runtime.OperatorConfig;
import io.certsync.cdn.runtime.OperatorRuntime;
import io.certsync.cdn.sync.SyncSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code run}: the operator against the current kubeconfig's cluster or the in-cluster config. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description =
        "Run the operator against the cluster of the current kubeconfig, or the in-cluster config. Every option falls back to its environment variable; an empty variable counts as unset.")
final class RunCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  @Spec CommandSpec spec;

  @Mixin CdnApiOptions cdnApi = new CdnApiOptions();

  @Option(
      names = "--watch-namespaces",
      paramLabel = "NS,NS",
      description =
          "Namespaces to watch, comma-separated; empty watches all (env WATCH_NAMESPACES).",
      defaultValue = "")
  String watchNamespaces;

  @Option(
      names = "--cas-endpoint",
      paramLabel = "URL",
      description =
          "The certificate store API (Certificate Management Service): a URL or a host name (env CAS_ENDPOINT, default https://cas.aliyuncs.com; cas.ap-southeast-1.aliyuncs.com beside the international CDN endpoint; the CDN endpoint itself when that is not Alibaba's, e.g. an emulator).")
  String casEndpoint;

  @Option(
      names = "--reclaim-grace-period",
      paramLabel = "DURATION",
      description =
          "How long a superseded certificate of a reclaimPolicy: Delete binding stays in the store after nothing serves it: 30s, 10m, 24h or PT24H (env RECLAIM_GRACE_PERIOD, default 24h).")
  String reclaimGracePeriod;

  @Option(
      names = "--drift-check-interval",
      paramLabel = "DURATION",
      description =
          "How often served certificates are read back: 30s, 10m, 1h, PT1H or 0 for never (env DRIFT_CHECK_INTERVAL, default 1h).",
      defaultValue = "")
  String driftCheckInterval;

  @Option(
      names = "--http-port",
      paramLabel = "PORT",
      description = "Port of /metrics, /healthz and /readyz (env HTTP_PORT, default 8080).",
      defaultValue = "")
  String httpPort;

  private final Map<String, String> env;

  RunCommand(Map<String, String> env) {
    this.env = env;
  }

  @Option(
      names = "--leader-election",
      paramLabel = "true|false",
      description =
          "Elect a leader through a Lease so that several replicas can run; only the leader reconciles (env LEADER_ELECTION, default false).",
      defaultValue = "")
  String leaderElection;

  @Option(
      names = "--leader-election-namespace",
      paramLabel = "NS",
      description =
          "Namespace of the Lease (env LEADER_ELECTION_NAMESPACE, else POD_NAMESPACE, else the service account's namespace).",
      defaultValue = "")
  String leaderElectionNamespace;

  OperatorConfig config() {
    Environment s = new Environment(env);
    Set<String> namespaces =
        Arrays.stream(s.value(watchNamespaces, "WATCH_NAMESPACES").orElse("").split(","))
            .map(String::trim)
            .filter(n -> !n.isEmpty())
            .collect(Collectors.toUnmodifiableSet());
    Optional<LeaderElection> election = Optional.empty();
    if (Boolean.parseBoolean(s.value(leaderElection, "LEADER_ELECTION").orElse("false"))) {
      String namespace =
          s.value(leaderElectionNamespace, "LEADER_ELECTION_NAMESPACE")
              .or(() -> s.value(null, "POD_NAMESPACE"))
              .or(RunCommand::serviceAccountNamespace)
              .orElseThrow(
                  () ->
                      new ParameterException(
                          new CommandLine(this),
                          "leader election needs --leader-election-namespace or POD_NAMESPACE"));
      String identity =
          s.value(null, "POD_NAME")
              .or(() -> s.value(null, "HOSTNAME"))
              .orElse(UUID.randomUUID().toString());
      election = Optional.of(LeaderElection.defaults(namespace, identity));
    }
    OperatorConfig config =
        new OperatorConfig(
            cdnApi.endpoint(s),
            cdnApi.signatureVersion(s),
            s.credentialsProvider(Clock.systemUTC()),
            namespaces,
            Integer.parseInt(s.value(httpPort, "HTTP_PORT").orElse("8080")),
            SyncSettings.defaults()
                .withDriftCheckInterval(
                    Durations.parse(
                        s.value(driftCheckInterval, "DRIFT_CHECK_INTERVAL").orElse("1h")))
                .withReclaimGracePeriod(
                    Durations.parse(
                        s.value(reclaimGracePeriod, "RECLAIM_GRACE_PERIOD").orElse("24h"))),
            election,
            OperatorConfig.DEFAULT_API_TIMEOUT);
    return config.withStoreEndpoints(
        s.value(casEndpoint, "CAS_ENDPOINT")
            .map(v -> CdnEndpoint.parse(v, "https://cas.aliyuncs.com"))
            .orElse(config.casEndpoint()),
        s.value(null, "ALIBABA_CLOUD_STS_ENDPOINT")
            .map(v -> CdnEndpoint.parse(v, "https://sts.aliyuncs.com"))
            .orElse(config.stsEndpoint()));
  }

  private static Optional<String> serviceAccountNamespace() {
    try {
      return Optional.of(
              Files.readString(Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace"))
                  .trim())
          .filter(n -> !n.isEmpty());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  @Override
  public Integer call() throws Exception {
    OperatorConfig config = config();
    KubernetesClient kubernetes = new KubernetesClientBuilder().build();
    LOG.info(
        "starting kubernetes={} cdnEndpoint={} signature={} namespaces={} leaderElection={} defaultCredentials={}",
        kubernetes.getMasterUrl(),
        config.endpoint(),
        config.signatureVersion(),
        config.watchNamespaces().isEmpty() ? "all" : config.watchNamespaces(),
        config.leaderElection().isPresent(),
        config.defaultCredentials().isPresent());
    OperatorRuntime runtime;
    try {
      runtime = OperatorRuntime.start(kubernetes, config, Clock.systemUTC());
    } catch (RuntimeException e) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      spec.commandLine()
          .getErr()
          .println(
              "cannot start against the Kubernetes API at "
                  + kubernetes.getMasterUrl()
                  + ": "
                  + root.getClass().getSimpleName()
                  + ": "
                  + root.getMessage());
      kubernetes.close();
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  runtime.close();
                  kubernetes.close();
                  stopped.countDown();
                },
                "shutdown"));
    stopped.await();
    return 0;
  }
}
