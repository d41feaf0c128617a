package io.certsync.cdn.cli;

import io.certsync.cdn.api.v1alpha1.CdnCertificateBinding;
import io.certsync.cdn.certificate.LocalIssuer;
import io.certsync.cdn.cloudapi.CdnCredentials;
import io.certsync.cdn.cloudapi.aliyun.CdnEndpoint;
import io.certsync.cdn.cloudapi.aliyun.SignatureVersion;
import io.certsync.cdn.emulator.CdnEmulator;
import io.certsync.cdn.emulator.DomainState;
import io.certsync.cdn.emulator.EmulatorSettings;
import io.certsync.cdn.sync.SyncSettings;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sandbox}: an in-process Kubernetes API server, the CDN emulator and the operator against
 * both, with a scripted story of first sync, renewal and failures, and a live view of the result.
 */
@Command(
    name = "sandbox",
    mixinStandardHelpOptions = true,
    description =
        "Run everything in one process: an in-process Kubernetes API server (fabric8 mock, CRUD mode), the CDN API emulator, and the operator against both. Applies the CRD and deploy/examples, simulates a cert-manager renewal, an offline domain and a broken Secret, and shows the bindings and what each CDN domain serves as it happens. No cluster, no Alibaba account.")
final class SandboxCommand implements Callable<Integer> {

  static final String ACCESS_KEY_ID = "sandbox";
  static final String ACCESS_KEY_SECRET = "sandbox-secret";

  @Spec CommandSpec spec;

  @Option(
      names = "--once",
      description = "Run the story and exit: 0 if every step ended as expected, 1 otherwise.")
  boolean once;

  @Option(
      names = "--api-port",
      paramLabel = "P",
      description =
          "Port of the Kubernetes API server (0 picks a free one; default ${DEFAULT-VALUE}).",
      defaultValue = "0")
  int apiPort;

  @Option(
      names = "--kubeconfig-out",
      paramLabel = "FILE",
      description =
          "Where to write a kubeconfig for the sandbox's API server (default: a temporary file).")
  Path kubeconfigOut;

  @Option(
      names = "--step-timeout",
      paramLabel = "DURATION",
      description = "How long each step may take (default ${DEFAULT-VALUE}).",
      defaultValue = "30s")
  String stepTimeout;

  @Option(names = "--verbose", description = "Show the operator's logs.")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    long start = System.nanoTime();
    PrintWriter out = spec.commandLine().getOut();
    if (!verbose) {
      QuietLogs.apply();
    }
    EmulatorSettings settings =
        new EmulatorSettings()
            .accessKey(ACCESS_KEY_ID, ACCESS_KEY_SECRET)
            .domain(SandboxStory.WWW)
            .domain(SandboxStory.STATIC)
            .domain(SandboxStory.SHOP)
            .domain(SandboxStory.OFFLINE, DomainState.OFFLINE);
    try (InProcessApiServer api = InProcessApiServer.start(apiPort);
        CdnEmulator emulator = CdnEmulator.start(settings)) {
      NamespacedKubernetesClient client = api.client();
      client
          .namespaces()
          .resource(
              new NamespaceBuilder()
                  .withNewMetadata()
                  .withName(SandboxStory.NAMESPACE)
                  .endMetadata()
                  .build())
          .create();
      Path kubeconfig = writeKubeconfig(client.getMasterUrl().toString());
      out.println("Kubernetes API (in-process): " + client.getMasterUrl());
      out.println("CDN API emulator:            " + emulator.baseUrl());
      out.println("kubeconfig:                  " + kubeconfig);
      out.println(
          "  Point a fabric8 or client-go program at it with KUBECONFIG=" + kubeconfig + ".");
      out.println("  (kubectl needs API discovery, which the in-process server does not serve.)");
      out.flush();
      OperatorConfig config =
          new OperatorConfig(
              CdnEndpoint.parse(emulator.baseUrl()),
              SignatureVersion.V3,
              Optional.of(
                  io.certsync.cdn.cloudapi.CredentialsProvider.fixed(
                      CdnCredentials.of(ACCESS_KEY_ID, ACCESS_KEY_SECRET))),
              Set.of(),
              -1,
              new SyncSettings(
                  Duration.ofMillis(500),
                  Duration.ofSeconds(30),
                  Duration.ofMinutes(1),
                  Duration.ofMinutes(1)),
              Optional.empty());
      Clock clock = Clock.systemUTC();
      try (OperatorRuntime operator = OperatorRuntime.start(client, config, clock)) {
        SandboxStory story =
            new SandboxStory(
                client,
                emulator,
                LocalIssuer.create("Sandbox CA"),
                out,
                Durations.parse(stepTimeout),
                start);
        boolean ok = story.run();
        if (once) {
          return ok ? 0 : 1;
        }
        out.println();
        out.println(
            "The sandbox keeps running; apply your own bindings through the kubeconfig above. Ctrl-C stops it.");
        out.flush();
        watch(story, client);
      }
    }
    return 0;
  }

  /** Re-prints the tables whenever a binding changes, until interrupted. */
  private static void watch(SandboxStory story, NamespacedKubernetesClient client)
      throws InterruptedException {
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
    String last = "";
    while (!stop.await(2, TimeUnit.SECONDS)) {
      String now =
          Serialization.asJson(
              client
                  .resources(CdnCertificateBinding.class)
                  .inAnyNamespace()
                  .list()
                  .getItems()
                  .stream()
                  .map(CdnCertificateBinding::getStatus)
                  .toList());
      if (!now.equals(last)) {
        story.show();
        last = now;
      }
    }
  }

  private Path writeKubeconfig(String url) throws Exception {
    Path file =
        kubeconfigOut != null
            ? kubeconfigOut
            : Files.createTempFile("cdn-cert-operator-sandbox-", ".kubeconfig");
    Files.writeString(
        file,
        String.join(
            "\n",
            "apiVersion: v1",
            "kind: Config",
            "clusters:",
            "- name: sandbox",
            "  cluster:",
            "    server: " + url.replaceAll("/$", ""),
            "contexts:",
            "- name: sandbox",
            "  context:",
            "    cluster: sandbox",
            "    namespace: " + SandboxStory.NAMESPACE,
            "    user: sandbox",
            "current-context: sandbox",
            "users:",
            "- name: sandbox",
            "  user: {}",
            ""));
    return file;
  }
}
