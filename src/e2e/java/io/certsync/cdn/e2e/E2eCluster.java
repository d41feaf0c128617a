package io.certsync.cdn.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * The cluster of the current kubeconfig ({@code -De2e.kubeconfig}, else {@code KUBECONFIG}, else
 * {@code ~/.kube/config}) as an administrator sees it; every e2e class starts by asking for it and
 * is skipped, with a message saying why, when none answers.
 */
final class E2eCluster implements AutoCloseable {

  final Path kubeconfig;
  final KubernetesClient admin;

  private E2eCluster(Path kubeconfig, KubernetesClient admin) {
    this.kubeconfig = kubeconfig;
    this.admin = admin;
  }

  /** Connects, or skips the calling test class with the reason. */
  static E2eCluster connectOrSkip() {
    Optional<Path> kubeconfig = kubeconfigPath();
    if (kubeconfig.isEmpty()) {
      skip("no kubeconfig (set KUBECONFIG, -De2e.kubeconfig or ~/.kube/config)");
    }
    Config config;
    try {
      config = Config.fromKubeconfig(Files.readString(kubeconfig.get()));
    } catch (Exception e) {
      skip("the kubeconfig " + kubeconfig.get() + " cannot be read: " + e.getMessage());
      throw new IllegalStateException(e);
    }
    config.setConnectionTimeout((int) Duration.ofSeconds(5).toMillis());
    config.setRequestTimeout((int) Duration.ofSeconds(30).toMillis());
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
    try {
      String version = client.getKubernetesVersion().getGitVersion();
      System.out.println(
          "e2e: cluster " + config.getMasterUrl() + " (" + version + ") from " + kubeconfig.get());
    } catch (RuntimeException e) {
      client.close();
      skip("no cluster answers at " + config.getMasterUrl() + " (" + e.getMessage() + ")");
    }
    return new E2eCluster(kubeconfig.get(), client);
  }

  private static void skip(String why) {
    String message = "e2e suite skipped: " + why;
    System.out.println(message);
    assumeTrue(false, message);
  }

  static Optional<Path> kubeconfigPath() {
    String property = System.getProperty("e2e.kubeconfig", "");
    if (!property.isBlank()) {
      return Optional.of(Path.of(property));
    }
    String env = System.getenv("KUBECONFIG");
    if (env != null && !env.isBlank()) {
      return Optional.of(Path.of(env.split(java.io.File.pathSeparator)[0]));
    }
    Path home = Path.of(System.getProperty("user.home"), ".kube", "config");
    return Files.isReadable(home) ? Optional.of(home) : Optional.empty();
  }

  /** A new namespace named {@code prefix-<random>}, labelled like a restricted one. */
  String createNamespace(String prefix) {
    String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
    admin
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels("pod-security.kubernetes.io/enforce", "restricted")
                .addToLabels("certsync.io/e2e", "true")
                .endMetadata()
                .build())
        .create();
    return name;
  }

  void deleteNamespace(String name) {
    admin.namespaces().withName(name).delete();
  }

  @Override
  public void close() {
    admin.close();
  }
}
