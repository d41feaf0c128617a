package io.certsync.cdn.e2e;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.Release;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The project's CRD (crds/, applied as {@code kubectl apply -f crds/} would) and the Helm chart
 * installed with helm-java into a namespace, under a release name of its own so that concurrent
 * runs and leftovers do not collide. Pods are not started (replicaCount 0: no image is published
 * from here); the operator runs as a process under the chart's ServiceAccount instead.
 */
final class ChartRelease implements AutoCloseable {

  static final Path CHART = Path.of("helm/cdn-cert-operator");
  static final Path CRD = Path.of("crds/cdncertificatebindings.certsync.io-v1.yml");

  final String name;
  final String namespace;
  final Release release;
  private final Path kubeconfig;

  private ChartRelease(String name, String namespace, Release release, Path kubeconfig) {
    this.name = name;
    this.namespace = namespace;
    this.release = release;
    this.kubeconfig = kubeconfig;
  }

  /** Creates or replaces the CRD from crds/. */
  static CustomResourceDefinition applyCrd(KubernetesClient admin) throws IOException {
    CustomResourceDefinition crd =
        Serialization.unmarshal(Files.readString(CRD), CustomResourceDefinition.class);
    return admin
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .resource(crd)
        .createOr(existing -> existing.update());
  }

  static ChartRelease install(
      E2eCluster cluster, String namespace, UnaryOperator<InstallCommand> values) {
    // the release name holds the chart name, so every object is named after the release alone
    String name = "cdn-cert-operator-" + UUID.randomUUID().toString().substring(0, 6);
    InstallCommand install =
        new Helm(CHART)
            .install()
            .withName(name)
            .withNamespace(namespace)
            .withKubeConfig(cluster.kubeconfig)
            .skipCrds()
            .set("replicaCount", 0);
    Release release = values.apply(install).call();
    return new ChartRelease(name, namespace, release, cluster.kubeconfig);
  }

  /** The chart's ServiceAccount (the release's full name). */
  String serviceAccount() {
    return name;
  }

  @Override
  public void close() {
    Helm.uninstall(name)
        .withNamespace(namespace)
        .withKubeConfig(kubeconfig)
        .ignoreNotFound()
        .call();
  }
}
