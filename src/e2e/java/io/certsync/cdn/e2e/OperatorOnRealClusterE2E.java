package io.certsync.cdn.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certsync.cdn.api.v1alpha1.CdnCertificateBinding;
import io.certsync.cdn.api.v1alpha1.DeletionPolicy;
import io.certsync.cdn.api.v1alpha1.SecretReference;
import io.certsync.cdn.emulator.CdnEmulator;
import io.certsync.cdn.emulator.EmulatorSettings;
import io.certsync.cdn.testing.TestCertificates;
import io.certsync.cdn.testing.TestCertificates.Issued;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The operator jar as a process against a real API server, under the ServiceAccount and RBAC the
 * chart installs, with leader election on, driving the CDN emulator: what fabric8's mock server
 * cannot show (table printing, namespace lifecycle, RBAC, the CRD as the server stores it).
 * Scenarios build on each other, in order.
 *
 * <p>Longer than 300 lines: the scenarios share one installed chart and operator process and run in
 * order, so they live in one class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorOnRealClusterE2E {

  static final String WWW = "www.example.com";
  static final String STATIC = "static.example.com";
  static final String GONE = "gone.example.com";
  static final String KEY_ID = "LTAI-e2e-operator";
  static final String KEY_SECRET = "e2e-operator-secret";
  static final String TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io";
  static final Duration SYNC = Duration.ofSeconds(60);

  E2eCluster cluster;
  ChartRelease chart;
  CdnEmulator emulator;
  OperatorJar operator;
  String web;
  Issued ca;
  final List<String> namespaces = new ArrayList<>();
  final List<OperatorJar> processes = new ArrayList<>();
  final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  void install() throws Exception {
    cluster = E2eCluster.connectOrSkip();
    ChartRelease.applyCrd(cluster.admin);
    String operatorNamespace = cluster.createNamespace("cdn-e2e");
    namespaces.add(operatorNamespace);
    chart = ChartRelease.install(cluster, operatorNamespace, i -> i);
    emulator =
        CdnEmulator.start(
            new EmulatorSettings()
                .accessKey(KEY_ID, KEY_SECRET)
                .accessKey("LTAI-e2e-namespace", "e2e-namespace-secret")
                .domain(WWW)
                .domain(STATIC)
                .domain(GONE));
    web = cluster.createNamespace("e2e-web");
    namespaces.add(web);
    ca = TestCertificates.ca("E2E CA");
    operator = startLeader();
  }

  OperatorJar startOperator() throws Exception {
    Path kubeconfig =
        ServiceAccountKubeconfig.write(
            cluster.admin,
            chart.namespace,
            chart.serviceAccount(),
            Path.of("target/e2e", chart.name + "-kubeconfig"));
    OperatorJar started =
        OperatorJar.start(
            kubeconfig,
            OperatorJar.env(
                "CDN_ENDPOINT",
                emulator.baseUrl(),
                "ALIBABA_CLOUD_ACCESS_KEY_ID",
                KEY_ID,
                "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
                KEY_SECRET,
                "LEADER_ELECTION",
                "true",
                "LEADER_ELECTION_NAMESPACE",
                chart.namespace,
                "DRIFT_CHECK_INTERVAL",
                "0"),
            Path.of("target/e2e", chart.name + "-operator-" + processes.size() + ".log"));
    processes.add(started);
    await()
        .atMost(SYNC)
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              assertThat(started.alive()).as(started.output()).isTrue();
              assertThat(started.probe("/readyz")).isEqualTo(200);
            });
    return started;
  }

  @AfterAll
  void uninstall() {
    for (OperatorJar p : processes) {
      p.close();
    }
    if (chart != null) {
      chart.close();
    }
    if (cluster != null) {
      // a binding whose finalizer could not finish must not keep its namespace after the run
      for (String namespace : namespaces) {
        for (CdnCertificateBinding b :
            cluster
                .admin
                .resources(CdnCertificateBinding.class)
                .inNamespace(namespace)
                .list()
                .getItems()) {
          if (!b.getMetadata().getFinalizers().isEmpty()) {
            cluster
                .admin
                .resources(CdnCertificateBinding.class)
                .inNamespace(namespace)
                .withName(b.getMetadata().getName())
                .edit(
                    e -> {
                      e.getMetadata().setFinalizers(new ArrayList<>());
                      return e;
                    });
          }
        }
      }
      namespaces.forEach(cluster::deleteNamespace);
      cluster.close();
    }
    if (emulator != null) {
      emulator.close();
    }
  }

  // ---- fixtures ----

  void tlsSecret(String namespace, String name, Issued issued) {
    cluster
        .admin
        .secrets()
        .inNamespace(namespace)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withType("kubernetes.io/tls")
                .addToData("tls.crt", TestCertificates.base64(issued.chainPem()))
                .addToData("tls.key", TestCertificates.base64(issued.keyPkcs1OrSec1()))
                .build())
        .createOr(r -> r.update());
  }

  CdnCertificateBinding binding(
      String namespace,
      String name,
      String secret,
      java.util.function.Consumer<io.certsync.cdn.api.v1alpha1.CdnCertificateBindingSpec> customize,
      String... domains) {
    CdnCertificateBinding binding = new CdnCertificateBinding();
    binding.getMetadata().setName(name);
    binding.getMetadata().setNamespace(namespace);
    binding.getSpec().setSecretName(secret);
    binding.getSpec().setDomains(new ArrayList<>(List.of(domains)));
    customize.accept(binding.getSpec());
    return cluster
        .admin
        .resources(CdnCertificateBinding.class)
        .inNamespace(namespace)
        .resource(binding)
        .create();
  }

  CdnCertificateBinding get(String namespace, String name) {
    return cluster
        .admin
        .resources(CdnCertificateBinding.class)
        .inNamespace(namespace)
        .withName(name)
        .get();
  }

  Condition awaitReady(String namespace, String name, String status, String reason) {
    await()
        .atMost(SYNC)
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              CdnCertificateBinding b = get(namespace, name);
              assertThat(b).isNotNull();
              assertThat(b.getStatus()).as(name + " has a status").isNotNull();
              Condition c = b.getStatus().readyCondition().orElseThrow();
              assertThat(c.getStatus() + "/" + c.getReason())
                  .as(c.getMessage())
                  .isEqualTo(status + "/" + (reason == null ? c.getReason() : reason));
            });
    return get(namespace, name).getStatus().readyCondition().orElseThrow();
  }

  JsonNode table(String path) throws Exception {
    KubernetesClient admin = cluster.admin;
    HttpRequest request =
        admin
            .getHttpClient()
            .newHttpRequestBuilder()
            .uri(admin.getConfiguration().getMasterUrl().replaceAll("/$", "") + path)
            .header("Accept", TABLE)
            .build();
    HttpResponse<String> answer =
        admin.getHttpClient().sendAsync(request, String.class).get(30, TimeUnit.SECONDS);
    assertThat(answer.code()).as(answer.body()).isEqualTo(200);
    return json.readTree(answer.body());
  }

  // ---- scenarios ----

  @Test
  @Order(1)
  @DisplayName(
      "the CRD from crds/ is stored exactly as written, so kubectl apply -f crds/ changes nothing, and kubectl explain has descriptions")
  void crdStoredAsWritten() throws Exception {
    CustomResourceDefinition local =
        Serialization.unmarshal(Files.readString(ChartRelease.CRD), CustomResourceDefinition.class);
    CustomResourceDefinition live =
        cluster
            .admin
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName(local.getMetadata().getName())
            .get();
    JsonNode written = json.valueToTree(local.getSpec());
    JsonNode stored = json.valueToTree(live.getSpec());
    List<String> dropped = new ArrayList<>();
    missingIn(written, stored, "spec", dropped);
    assertThat(dropped).as("fields of crds/ that the API server dropped or changed").isEmpty();
    assertThat(
            live.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema().getDescription())
        .isNotBlank();
  }

  /** Paths of {@code written} that {@code stored} lacks or holds with another value. */
  static void missingIn(JsonNode written, JsonNode stored, String path, List<String> out) {
    if (stored == null || stored.isMissingNode() || stored.isNull()) {
      out.add(path);
    } else if (written.isObject()) {
      written
          .fields()
          .forEachRemaining(
              f -> missingIn(f.getValue(), stored.get(f.getKey()), path + "." + f.getKey(), out));
    } else if (written.isArray()) {
      if (written.size() != stored.size()) {
        out.add(path + " (size)");
        return;
      }
      for (int i = 0; i < written.size(); i++) {
        missingIn(written.get(i), stored.get(i), path + "[" + i + "]", out);
      }
    } else if (written.isNumber()) {
      if (!stored.isNumber() || written.doubleValue() != stored.doubleValue()) {
        out.add(path);
      }
    } else if (!written.equals(stored)) {
      out.add(path);
    }
  }

  @Test
  @Order(2)
  @DisplayName(
      "first sync: a binding of two domains becomes Ready=True Synced with one upload per domain")
  void firstSync() {
    tlsSecret(web, "www-tls", TestCertificates.leaf(ca, WWW, STATIC));
    binding(web, "www", "www-tls", spec -> {}, WWW, STATIC);
    awaitReady(web, "www", "True", "Synced");
    assertThat(emulator.certificateWrites(WWW)).isEqualTo(1);
    assertThat(emulator.certificateWrites(STATIC)).isEqualTo(1);
    assertThat(emulator.keyUploads()).as("the key leaves once per account").isEqualTo(1);
  }

  @Test
  @Order(3)
  @DisplayName(
      "kubectl get ccb, as the server's Table: Ready, Reason, Domains, Secret, Expires (the timestamp), Age; Message with -o wide")
  void tableColumns() throws Exception {
    JsonNode table =
        table("/apis/certsync.io/v1alpha1/namespaces/" + web + "/cdncertificatebindings");
    List<String> names = new ArrayList<>();
    List<String> wide = new ArrayList<>();
    for (JsonNode column : table.get("columnDefinitions")) {
      (column.path("priority").asInt(0) == 0 ? names : wide).add(column.get("name").asText());
    }
    assertThat(names)
        .containsExactly("Name", "Ready", "Reason", "Domains", "Secret", "Expires", "Age");
    assertThat(wide).containsExactly("Message");
    JsonNode row = table.get("rows").get(0).get("cells");
    String notAfter = get(web, "www").getStatus().getCertificate().getNotAfter();
    assertThat(row.get(0).asText()).isEqualTo("www");
    assertThat(row.get(1).asText()).isEqualTo("True");
    assertThat(row.get(2).asText()).isEqualTo("Synced");
    assertThat(row.get(3).asText()).isEqualTo("2/2");
    assertThat(row.get(4).asText()).isEqualTo("www-tls");
    assertThat(row.get(5).asText()).isEqualTo(notAfter).doesNotContain("invalid");
  }

  @Test
  @Order(4)
  @DisplayName("renewal: a new certificate in the Secret is uploaded exactly once more per domain")
  void renewal() {
    Issued renewed = TestCertificates.leaf(ca, WWW, STATIC);
    tlsSecret(web, "www-tls", renewed);
    await()
        .atMost(SYNC)
        .untilAsserted(
            () -> {
              assertThat(emulator.certificateWrites(WWW)).isEqualTo(2);
              assertThat(emulator.certificateWrites(STATIC)).isEqualTo(2);
            });
    awaitReady(web, "www", "True", "Synced");
  }

  @Test
  @Order(5)
  @DisplayName("the leader exits within seconds of SIGTERM, with leader election on")
  void leaderExitsOnSigterm() throws Exception {
    await()
        .atMost(SYNC)
        .untilAsserted(
            () -> {
              Lease lease =
                  cluster
                      .admin
                      .leases()
                      .inNamespace(chart.namespace)
                      .withName("cdn-cert-operator")
                      .get();
              assertThat(lease).isNotNull();
              assertThat(lease.getSpec().getHolderIdentity()).isNotBlank();
            });
    assertThat(operator.output()).contains("Started event processing");
    try {
      Optional<Duration> exit = operator.terminate(Duration.ofSeconds(20));
      assertThat(exit)
          .as("the leader exits on SIGTERM (log: %s)", operator.log)
          .isPresent()
          .hasValueSatisfying(d -> assertThat(d).isLessThan(Duration.ofSeconds(10)));
    } finally {
      operator.close();
      operator = startLeader();
    }
  }

  /** Starts an operator process and waits until it leads (its informers then run). */
  OperatorJar startLeader() throws Exception {
    OperatorJar started = startOperator();
    // a leader killed without releasing the Lease is replaced once the Lease expires
    await()
        .atMost(SYNC)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> assertThat(started.output()).contains("Started event processing"));
    return started;
  }

  @Test
  @Order(6)
  @DisplayName("an operator restart with everything synced makes zero write calls")
  void restartMakesNoWrite() throws Exception {
    awaitReady(web, "www", "True", "Synced");
    long writes = emulator.writeCalls();
    operator.terminate(Duration.ofSeconds(20));
    operator.close();
    operator = startLeader();
    // the new leader reconciles every binding on start; what status records needs no write
    TimeUnit.SECONDS.sleep(5);
    awaitReady(web, "www", "True", "Synced");
    assertThat(emulator.writeCalls()).isEqualTo(writes);
  }

  @Test
  @Order(7)
  @DisplayName(
      "two bindings on one domain: the newer one does not write it and names the older one as the owner")
  void twoBindingsOnOneDomain() throws Exception {
    long uploads = emulator.certificateWrites(WWW);
    tlsSecret(web, "other-tls", TestCertificates.leaf(ca, WWW));
    binding(web, "www-again", "other-tls", spec -> {}, WWW);
    Condition ready = awaitReady(web, "www-again", "False", null);
    assertThat(ready.getMessage()).contains("www").contains(web + "/www");
    TimeUnit.SECONDS.sleep(3);
    assertThat(emulator.certificateWrites(WWW)).isEqualTo(uploads);
    awaitReady(web, "www", "True", "Synced");
  }

  @Test
  @Order(8)
  @DisplayName("a namespace user with the built-in view role can list bindings")
  void namespaceViewerListsBindings() {
    cluster
        .admin
        .serviceAccounts()
        .inNamespace(web)
        .resource(
            new ServiceAccountBuilder().withNewMetadata().withName("viewer").endMetadata().build())
        .create();
    cluster
        .admin
        .rbac()
        .roleBindings()
        .inNamespace(web)
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName("viewer")
                .endMetadata()
                .withNewRoleRef()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind("ClusterRole")
                .withName("view")
                .endRoleRef()
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName("viewer")
                .withNamespace(web)
                .endSubject()
                .build())
        .create();
    try (KubernetesClient viewer = ServiceAccountKubeconfig.client(cluster.admin, web, "viewer")) {
      await()
          .atMost(SYNC)
          .ignoreExceptions()
          .untilAsserted(
              () ->
                  assertThat(
                          viewer
                              .resources(CdnCertificateBinding.class)
                              .inNamespace(web)
                              .list()
                              .getItems())
                      .extracting(b -> b.getMetadata().getName())
                      .contains("www"));
    }
  }

  @Test
  @Order(9)
  @DisplayName(
      "deleting a namespace with a Disable binding whose credentials live in it does not hang in Terminating")
  void namespaceDeleteWithDisableBinding() {
    String gone = cluster.createNamespace("e2e-gone");
    namespaces.add(gone);
    cluster
        .admin
        .secrets()
        .inNamespace(gone)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("cdn-credentials")
                .withNamespace(gone)
                .addToLabels("certsync.io/credentials", "true")
                .endMetadata()
                .withType("Opaque")
                .addToData("accessKeyId", TestCertificates.base64("LTAI-e2e-namespace"))
                .addToData("accessKeySecret", TestCertificates.base64("e2e-namespace-secret"))
                .build())
        .create();
    tlsSecret(gone, "gone-tls", TestCertificates.leaf(ca, GONE));
    binding(
        gone,
        "gone",
        "gone-tls",
        spec -> {
          spec.setDeletionPolicy(DeletionPolicy.Disable);
          spec.setCredentialsSecretRef(new SecretReference("cdn-credentials"));
        },
        GONE);
    awaitReady(gone, "gone", "True", "Synced");
    // turning HTTPS off fails until the namespace controller has deleted the credentials Secret:
    // the order that left the namespace Terminating forever
    emulator.forceError(
        GONE, "ServiceUnavailable", 503, "The request has failed due to a temporary failure.");
    cluster.deleteNamespace(gone);
    await()
        .atMost(SYNC)
        .untilAsserted(
            () ->
                assertThat(
                        cluster.admin.secrets().inNamespace(gone).withName("cdn-credentials").get())
                    .isNull());
    emulator.forceError(GONE, null, 0, null);
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(() -> assertThat(cluster.admin.namespaces().withName(gone).get()).isNull());
  }

  @Test
  @Order(10)
  @DisplayName("the operator under the chart's RBAC met no denial from the API server")
  void noRbacDenial() {
    for (OperatorJar p : processes) {
      assertThat(p.output())
          .as(p.log.toString())
          .doesNotContain("Forbidden")
          .doesNotContain("forbidden")
          .doesNotContainPattern("\\b403\\b");
    }
  }
}
