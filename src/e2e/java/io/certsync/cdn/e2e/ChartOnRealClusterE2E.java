package io.certsync.cdn.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Chart options that only a real API server can judge: lookup and API discovery. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChartOnRealClusterE2E {

  E2eCluster cluster;
  final List<String> namespaces = new ArrayList<>();
  final List<CustomResourceDefinition> createdCrds = new ArrayList<>();

  @BeforeAll
  void connect() throws Exception {
    cluster = E2eCluster.connectOrSkip();
    ChartRelease.applyCrd(cluster.admin);
  }

  @AfterAll
  void cleanUp() {
    if (cluster != null) {
      namespaces.forEach(cluster::deleteNamespace);
      createdCrds.forEach(
          crd ->
              cluster
                  .admin
                  .apiextensions()
                  .v1()
                  .customResourceDefinitions()
                  .resource(crd)
                  .delete());
      cluster.close();
    }
  }

  @Test
  @DisplayName(
      "watchNamespaces naming a namespace that does not exist yet installs; the existing one gets its Role and is the only one watched")
  void missingWatchNamespaceDoesNotFailTheInstall() {
    String operator = cluster.createNamespace("cdn-e2e-ns");
    String existing = cluster.createNamespace("e2e-watched");
    namespaces.addAll(List.of(operator, existing));
    String missing = "e2e-not-yet-" + operator.substring(operator.length() - 6);
    try (ChartRelease release =
        ChartRelease.install(
            cluster,
            operator,
            i -> i.set("watchNamespaces[0]", existing).set("watchNamespaces[1]", missing))) {
      assertThat(cluster.admin.rbac().roles().inNamespace(existing).withName(release.name).get())
          .isNotNull();
      Deployment deployment =
          cluster.admin.apps().deployments().inNamespace(operator).withName(release.name).get();
      assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
          .filteredOn(e -> e.getName().equals("WATCH_NAMESPACES"))
          .extracting(EnvVar::getValue)
          .containsExactly(existing);
    }
  }

  @Test
  @DisplayName(
      "ServiceMonitor and PrometheusRule are installed where prometheus-operator's API is served")
  void monitoringObjectsWhereTheApiExists() {
    ensureCrd("servicemonitors", "ServiceMonitor");
    ensureCrd("prometheusrules", "PrometheusRule");
    String operator = cluster.createNamespace("cdn-e2e-mon");
    namespaces.add(operator);
    try (ChartRelease release =
        ChartRelease.install(
            cluster,
            operator,
            i -> i.set("serviceMonitor.enabled", true).set("prometheusRule.enabled", true))) {
      GenericKubernetesResource rule =
          cluster
              .admin
              .genericKubernetesResources("monitoring.coreos.com/v1", "PrometheusRule")
              .inNamespace(operator)
              .withName(release.name)
              .get();
      assertThat(rule).isNotNull();
      assertThat(Serialization.asYaml(rule))
          .contains("CdnCertificateExpiringSoon", "1209600", "CdnCertificateBindingNotReady");
      assertThat(
              cluster
                  .admin
                  .genericKubernetesResources("monitoring.coreos.com/v1", "ServiceMonitor")
                  .inNamespace(operator)
                  .withName(release.name)
                  .get())
          .isNotNull();
    }
  }

  /** A minimal stand-in for prometheus-operator's CRD, created only if the cluster lacks it. */
  private void ensureCrd(String plural, String kind) {
    String name = plural + ".monitoring.coreos.com";
    if (cluster.admin.apiextensions().v1().customResourceDefinitions().withName(name).get()
        != null) {
      return;
    }
    CustomResourceDefinition crd =
        new CustomResourceDefinitionBuilder()
            .withNewMetadata()
            .withName(name)
            .endMetadata()
            .withNewSpec()
            .withGroup("monitoring.coreos.com")
            .withScope("Namespaced")
            .withNewNames()
            .withPlural(plural)
            .withKind(kind)
            .endNames()
            .addNewVersion()
            .withName("v1")
            .withServed(true)
            .withStorage(true)
            .withNewSchema()
            .withNewOpenAPIV3Schema()
            .withType("object")
            .withXKubernetesPreserveUnknownFields(true)
            .endOpenAPIV3Schema()
            .endSchema()
            .endVersion()
            .endSpec()
            .build();
    createdCrds.add(
        cluster.admin.apiextensions().v1().customResourceDefinitions().resource(crd).create());
    cluster
        .admin
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName(name)
        .waitUntilCondition(
            c ->
                c != null
                    && c.getStatus() != null
                    && c.getStatus().getConditions() != null
                    && c.getStatus().getConditions().stream()
                        .anyMatch(
                            x -> x.getType().equals("Established") && x.getStatus().equals("True")),
            30,
            java.util.concurrent.TimeUnit.SECONDS);
  }
}
