package io.certsync.cdn.sandbox;

import io.certsync.cdn.api.v1alpha1.CdnCertificateBinding;
import io.certsync.cdn.certificate.LocalIssuer;
import io.certsync.cdn.cloudapi.CdnCredentials;
import io.certsync.cdn.emulator.CdnEmulator;
import io.certsync.cdn.emulator.DomainState;
import io.certsync.cdn.emulator.EmulatorSettings;
import io.certsync.cdn.fixtures.InProcessApiServer;
import io.certsync.cdn.runtime.OperatorConfig;
import io.certsync.cdn.runtime.OperatorRuntime;
import io.certsync.cdn.sync.SyncSettings;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The sandbox world: an in-process Kubernetes API server, the CDN emulator and the operator against
 * both, with a scripted story of first sync, renewal and failures, and a live view of the result.
 */
public final class Sandbox {

  static final String ACCESS_KEY_ID = "sandbox";
  static final String ACCESS_KEY_SECRET = "sandbox-secret";

  /**
   * What the {@code sandbox} command asks for: exit after the story, the API server's port, where
   * the kubeconfig goes (null: a temporary file) and how long each step may take.
   */
  public record Settings(boolean once, int apiPort, Path kubeconfigOut, Duration stepTimeout) {}

  private final Settings settings;
  private final PrintWriter out;

  public Sandbox(Settings settings, PrintWriter out) {
    this.settings = settings;
    this.out = out;
  }

  /**
   * Runs the story, then (unless {@code once}) keeps running; 0 if every step ended as expected.
   */
  public int run() throws Exception {
    long start = System.nanoTime();
    EmulatorSettings emulatorSettings =
        new EmulatorSettings()
            .accessKey(ACCESS_KEY_ID, ACCESS_KEY_SECRET)
            .domain(SandboxStory.WWW)
            .domain(SandboxStory.STATIC)
            .domain(SandboxStory.SHOP)
            .domain(SandboxStory.OFFLINE, DomainState.OFFLINE);
    try (InProcessApiServer api = InProcessApiServer.start(settings.apiPort());
        CdnEmulator emulator = CdnEmulator.start(emulatorSettings)) {
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
      Path kubeconfig = api.writeKubeconfig(kubeconfigFile(), SandboxStory.NAMESPACE);
      out.println("Kubernetes API (in-process): " + client.getMasterUrl());
      out.println("CDN API emulator:            " + emulator.baseUrl());
      out.println("kubeconfig:                  " + kubeconfig);
      out.println(
          "  Point a fabric8 or client-go program at it with KUBECONFIG=" + kubeconfig + ".");
      out.println("  (kubectl needs API discovery, which the in-process server does not serve.)");
      out.flush();
      OperatorConfig config =
          OperatorConfig.of(
              emulator.baseUrl(),
              CdnCredentials.of(ACCESS_KEY_ID, ACCESS_KEY_SECRET),
              -1,
              new SyncSettings(
                  Duration.ofMillis(500),
                  Duration.ofSeconds(30),
                  Duration.ofMinutes(1),
                  Duration.ofMinutes(1)));
      Clock clock = Clock.systemUTC();
      try (OperatorRuntime operator = OperatorRuntime.start(client, config, clock)) {
        SandboxStory story =
            new SandboxStory(
                client,
                emulator,
                LocalIssuer.create("Sandbox CA"),
                out,
                settings.stepTimeout(),
                start);
        boolean ok = story.run();
        if (settings.once()) {
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

  private Path kubeconfigFile() throws IOException {
    return settings.kubeconfigOut() != null
        ? settings.kubeconfigOut()
        : Files.createTempFile("cdn-cert-operator-sandbox-", ".kubeconfig");
  }
}
