package io.certsync.cdn.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart, linted and rendered offline with helm-java; rendered objects parsed with fabric8.
 *
 * <p>Longer than 300 lines: one rendering check per chart feature, over one rendered chart.
 */
class HelmChartTest {

  static final Path CHART = Path.of("helm/cdn-cert-operator");

  static List<HasMetadata> render(UnaryOperator<TemplateCommand> options) {
    String yaml =
        options
            .apply(
                new Helm(CHART)
                    .template()
                    .withName("cdn-cert-operator")
                    .withNamespace("cdn-cert-operator")
                    .withKubeVersion("1.30.0"))
            .call();
    return parse(yaml);
  }

  static List<HasMetadata> parse(String yaml) {
    Object parsed = Serialization.unmarshal(yaml);
    if (parsed instanceof KubernetesList list) {
      return list.getItems();
    }
    if (parsed instanceof List<?> list) {
      return list.stream().map(HasMetadata.class::cast).toList();
    }
    return List.of((HasMetadata) parsed);
  }

  static <T extends HasMetadata> List<T> all(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  static <T extends HasMetadata> T named(List<T> objects, String name) {
    return objects.stream()
        .filter(o -> o.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no object named " + name));
  }

  static List<String> kinds(List<HasMetadata> objects) {
    return objects.stream().map(HasMetadata::getKind).toList();
  }

  static Container operator(List<HasMetadata> objects) {
    return all(objects, Deployment.class)
        .get(0)
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0);
  }

  @Test
  @DisplayName("helm lint --strict passes")
  void lintStrict() {
    LintResult result = new Helm(CHART).lint().strict().call();
    assertThat(result.getMessages())
        .as(String.join("\n", result.getMessages()))
        .noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    assertThat(result.isFailed()).isFalse();
  }

  @Test
  @DisplayName(
      "defaults render a restricted, probed, two-replica Deployment with leader election and no credential value")
  void defaults() {
    List<HasMetadata> objects = render(t -> t);
    assertThat(kinds(objects))
        .containsExactlyInAnyOrder(
            "ServiceAccount",
            "ClusterRole",
            "ClusterRole",
            "ClusterRoleBinding",
            "Role",
            "RoleBinding",
            "Service",
            "Deployment",
            "PodDisruptionBudget");
    Deployment deployment = all(objects, Deployment.class).get(0);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    var pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    Container c = operator(objects);
    assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(c.getVolumeMounts()).anyMatch(m -> m.getMountPath().equals("/tmp"));
    assertThat(pod.getVolumes()).anyMatch(v -> v.getEmptyDir() != null);
    assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(c.getResources().getLimits()).containsKey("memory");
    Map<String, EnvVar> env =
        c.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
    assertThat(env.get("LEADER_ELECTION").getValue()).isEqualTo("true");
    assertThat(env.get("JAVA_TOOL_OPTIONS").getValue()).contains("MaxRAMPercentage");
    assertThat(env.get("POD_NAMESPACE").getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.namespace");
    assertThat(env)
        .doesNotContainKeys("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET");
    assertThat(kinds(objects)).doesNotContain("Secret");
  }

  @Test
  @DisplayName(
      "the certificate store settings reach the operator: RECLAIM_GRACE_PERIOD always, CAS_ENDPOINT when set")
  void storeSettings() {
    String defaults = Serialization.asYaml(render(t -> t));
    assertThat(defaults).contains("RECLAIM_GRACE_PERIOD").doesNotContain("CAS_ENDPOINT");
    String international =
        Serialization.asYaml(
            render(
                t ->
                    t.set("cas.endpoint", "cas.ap-southeast-1.aliyuncs.com")
                        .set("reclaimGracePeriod", "48h")));
    assertThat(international).contains("CAS_ENDPOINT", "cas.ap-southeast-1.aliyuncs.com", "48h");
  }

  @Test
  @DisplayName(
      "RBAC is exactly what the operator needs, with no wildcard, and Leases only in the release namespace")
  void leastPrivilegeRbac() {
    List<HasMetadata> objects = render(t -> t);
    List<PolicyRule> rules = named(all(objects, ClusterRole.class), "cdn-cert-operator").getRules();
    assertThat(rules)
        .extracting(r -> r.getApiGroups() + " " + r.getResources() + " " + r.getVerbs())
        .containsExactly(
            "[certsync.io] [cdncertificatebindings] [get, list, watch, patch, update]",
            "[certsync.io] [cdncertificatebindings/status] [patch, update]",
            "[certsync.io] [cdncertificatebindings/finalizers] [update]",
            "[] [secrets] [get, list, watch]",
            "[] [events] [create, patch]");
    Role lease = all(objects, Role.class).get(0);
    assertThat(lease.getMetadata().getNamespace()).isEqualTo("cdn-cert-operator");
    assertThat(lease.getRules())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getApiGroups()).containsExactly("coordination.k8s.io");
              assertThat(r.getResources()).containsExactly("leases");
            });
    for (HasMetadata o : objects) {
      assertThat(Serialization.asYaml(o))
          .doesNotContain("\"*\"")
          .doesNotContain("- '*'")
          .doesNotContain("- \"*\"");
    }
  }

  @Test
  @DisplayName("watchNamespaces switches to one Role per namespace and no ClusterRoleBinding")
  void namespacedMode() {
    List<HasMetadata> objects =
        render(
            t ->
                t.set("watchNamespaces[0]", "web")
                    .set("watchNamespaces[1]", "shop")
                    // helm-java's template looks up like a server dry run; the lookup is an e2e
                    // test
                    .set("watchNamespacesLookup", false));
    assertThat(kinds(objects)).doesNotContain("ClusterRoleBinding");
    // only the aggregated view role is cluster-wide, and it grants the operator nothing
    assertThat(all(objects, ClusterRole.class))
        .extracting(r -> r.getMetadata().getName())
        .containsExactly("cdn-cert-operator-view");
    assertThat(all(objects, Role.class))
        .extracting(r -> r.getMetadata().getNamespace())
        .containsExactlyInAnyOrder("web", "shop", "cdn-cert-operator");
    Map<String, EnvVar> env =
        operator(objects).getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
    assertThat(env.get("WATCH_NAMESPACES").getValue()).isEqualTo("web,shop");
  }

  @Test
  @DisplayName(
      "every optional part renders and parses: NetworkPolicy, dashboard, credentials, RRSA")
  void everyToggle() {
    List<HasMetadata> objects =
        render(
            t ->
                t.set("serviceMonitor.enabled", true)
                    .set("prometheusRule.enabled", true)
                    .set("networkPolicy.enabled", true)
                    .set("grafanaDashboard.enabled", true)
                    .set("credentials.existingSecret", "cdn-credentials")
                    .set("credentials.rrsa.enabled", true)
                    .set("credentials.rrsa.stsEndpoint", "sts-vpc.cn-hangzhou.aliyuncs.com")
                    .set(
                        "serviceAccount.annotations.pod-identity\\.alibabacloud\\.com/role-name",
                        "cdn-operator")
                    .set("leaderElection.enabled", false)
                    .set("replicaCount", 1));
    // ServiceMonitor and PrometheusRule need prometheus-operator's API, which helm template does
    // not
    // have: the e2e suite renders them against a cluster that has it
    assertThat(kinds(objects))
        .contains("NetworkPolicy", "ConfigMap")
        .doesNotContain("PodDisruptionBudget", "Role");
    ConfigMap dashboard = all(objects, ConfigMap.class).get(0);
    assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    assertThat(
            Serialization.unmarshal(dashboard.getData().get("cdn-cert-operator.json"), Map.class))
        .containsKey("panels");
    assertThat(all(objects, NetworkPolicy.class).get(0).getSpec().getPolicyTypes())
        .containsExactly("Ingress", "Egress");
    Map<String, EnvVar> env =
        operator(objects).getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
    assertThat(
            env.get("ALIBABA_CLOUD_ACCESS_KEY_SECRET").getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("cdn-credentials");
    assertThat(env.get("ALIBABA_CLOUD_ACCESS_KEY_SECRET").getValue()).isNull();
    assertThat(env.get("ALIBABA_CLOUD_STS_ENDPOINT").getValue())
        .isEqualTo("sts-vpc.cn-hangzhou.aliyuncs.com");
    assertThat(env.get("LEADER_ELECTION").getValue()).isEqualTo("false");
    assertThat(
            objects.stream()
                .filter(o -> o.getKind().equals("ServiceAccount"))
                .findFirst()
                .orElseThrow()
                .getMetadata()
                .getAnnotations())
        .containsEntry("pod-identity.alibabacloud.com/role-name", "cdn-operator");
  }

  @Test
  @DisplayName("values.schema.json rejects a value outside the schema")
  void schemaRejectsBadValues() {
    assertThatThrownBy(() -> render(t -> t.set("cdn.signatureVersion", "v2")))
        .hasMessageContaining("signatureVersion");
    assertThatThrownBy(() -> render(t -> t.set("notAValue", "x")))
        .hasMessageContaining("notAValue");
  }

  @Test
  @DisplayName("the chart's CRD is the generated one")
  void chartCrdIsGenerated() throws Exception {
    assertThat(Files.readString(CHART.resolve("crds/cdncertificatebindings.certsync.io-v1.yml")))
        .isEqualTo(Files.readString(Path.of("crds/cdncertificatebindings.certsync.io-v1.yml")));
  }

  @Test
  @DisplayName(
      "users of the built-in view, edit and admin roles can read bindings by default; creating them is an opt-in")
  void aggregatedRoles() {
    List<HasMetadata> defaults = render(t -> t);
    ClusterRole view = named(all(defaults, ClusterRole.class), "cdn-cert-operator-view");
    assertThat(view.getMetadata().getLabels())
        .containsEntry("rbac.authorization.k8s.io/aggregate-to-view", "true")
        .containsEntry("rbac.authorization.k8s.io/aggregate-to-edit", "true")
        .containsEntry("rbac.authorization.k8s.io/aggregate-to-admin", "true");
    assertThat(view.getRules())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getApiGroups()).containsExactly("certsync.io");
              assertThat(r.getVerbs()).containsExactly("get", "list", "watch");
            });
    assertThat(all(defaults, ClusterRole.class))
        .extracting(r -> r.getMetadata().getName())
        .doesNotContain("cdn-cert-operator-edit");

    List<HasMetadata> optedIn = render(t -> t.set("rbac.aggregateToEdit", true));
    ClusterRole edit = named(all(optedIn, ClusterRole.class), "cdn-cert-operator-edit");
    assertThat(edit.getMetadata().getLabels())
        .containsEntry("rbac.authorization.k8s.io/aggregate-to-edit", "true")
        .containsEntry("rbac.authorization.k8s.io/aggregate-to-admin", "true")
        .doesNotContainKey("rbac.authorization.k8s.io/aggregate-to-view");
    assertThat(edit.getRules())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getResources()).containsExactly("cdncertificatebindings");
              assertThat(r.getVerbs()).contains("create", "update", "patch", "delete");
            });

    List<HasMetadata> none = render(t -> t.set("rbac.aggregateToView", false));
    assertThat(all(none, ClusterRole.class))
        .extracting(r -> r.getMetadata().getName())
        .containsExactly("cdn-cert-operator");
  }

  @Test
  @DisplayName(
      "the NetworkPolicy lets the operator reach an API server whose endpoint listens on 6443 as well as 443")
  void networkPolicyAllowsBothApiServerPorts() {
    NetworkPolicy policy =
        all(render(t -> t.set("networkPolicy.enabled", true)), NetworkPolicy.class).get(0);
    assertThat(policy.getSpec().getEgress())
        .flatExtracting(e -> e.getPorts())
        .extracting(p -> p.getPort().getIntVal())
        .contains(443, 6443);
  }

  @Test
  @DisplayName(
      "ServiceMonitor and PrometheusRule are left out, not failing the install, where prometheus-operator's API is absent")
  void monitoringNeedsItsApi() {
    List<HasMetadata> objects =
        render(t -> t.set("serviceMonitor.enabled", true).set("prometheusRule.enabled", true));
    assertThat(kinds(objects)).doesNotContain("ServiceMonitor", "PrometheusRule");
    assertThat(kinds(objects)).contains("Deployment");
  }

  @Test
  @DisplayName(
      "watchNamespaces without the lookup renders a Role for every listed namespace, and the values say what happens to a missing one")
  void missingWatchNamespacesAreDocumented() throws Exception {
    assertThat(Files.readString(CHART.resolve("values.yaml")))
        .contains("does not exist yet does not fail the install");
    assertThat(
            all(
                    render(
                        t ->
                            t.set("watchNamespaces[0]", "not-yet")
                                .set("watchNamespacesLookup", false)),
                    Role.class)
                .stream()
                .map(r -> r.getMetadata().getNamespace()))
        .contains("not-yet");
  }
}
