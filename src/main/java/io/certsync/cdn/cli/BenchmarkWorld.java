package io.certsync.cdn.cli;

import io.certsync.cdn.api.v1alpha1.CdnCertificateBinding;
import io.certsync.cdn.certificate.LocalIssuer;
import io.certsync.cdn.cloudapi.CdnCredentials;
import io.certsync.cdn.cloudapi.CredentialsProvider;
import io.certsync.cdn.cloudapi.aliyun.CdnEndpoint;
import io.certsync.cdn.cloudapi.aliyun.SignatureVersion;
import io.certsync.cdn.emulator.CdnEmulator;
import io.certsync.cdn.emulator.EmulatorSettings;
import io.certsync.cdn.sync.SyncSettings;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * One benchmark setting: an in-process API server, the emulator at the real limits, and the
 * operator.
 */
final class BenchmarkWorld implements AutoCloseable {

  static final String NAMESPACE = "bench";
  static final CdnCredentials KEYS = CdnCredentials.of("LTAI-bench", "bench-secret");

  private final InProcessApiServer api;
  final NamespacedKubernetesClient client;
  final CdnEmulator emulator;
  private OperatorRuntime operator;

  BenchmarkWorld(List<String> domains) throws Exception {
    api = InProcessApiServer.start(0);
    client = api.client();
    EmulatorSettings settings =
        new EmulatorSettings().accessKey(KEYS.accessKeyId(), KEYS.accessKeySecret());
    domains.forEach(settings::domain);
    emulator = CdnEmulator.start(settings);
  }

  OperatorConfig config() {
    return new OperatorConfig(
        CdnEndpoint.parse(emulator.baseUrl()),
        SignatureVersion.V3,
        Optional.of(CredentialsProvider.fixed(KEYS)),
        Set.of(),
        0,
        SyncSettings.defaults().withDriftCheckInterval(Duration.ZERO),
        Optional.empty());
  }

  OperatorRuntime startOperator() {
    operator = OperatorRuntime.start(client, config(), Clock.systemUTC());
    return operator;
  }

  void stopOperator() {
    if (operator != null) {
      operator.close();
      operator = null;
    }
  }

  OperatorRuntime operator() {
    return operator;
  }

  void tlsSecret(String name, LocalIssuer.Issued issued) {
    client
        .secrets()
        .inNamespace(NAMESPACE)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NAMESPACE)
                .endMetadata()
                .withType("kubernetes.io/tls")
                .addToData("tls.crt", base64(issued.chainPem()))
                .addToData("tls.key", base64(issued.keyPem().reveal()))
                .build())
        .createOr(r -> r.update());
  }

  void binding(String name, String secretName, List<String> domains) {
    CdnCertificateBinding b = new CdnCertificateBinding();
    b.getMetadata().setName(name);
    b.getMetadata().setNamespace(NAMESPACE);
    b.getSpec().setSecretName(secretName);
    b.getSpec().setDomains(domains);
    client.resources(CdnCertificateBinding.class).inNamespace(NAMESPACE).resource(b).create();
  }

  long readyBindings() {
    return client
        .resources(CdnCertificateBinding.class)
        .inNamespace(NAMESPACE)
        .list()
        .getItems()
        .stream()
        .filter(
            b ->
                b.getStatus() != null
                    && b.getStatus()
                        .readyCondition()
                        .map(Condition::getStatus)
                        .orElse("")
                        .equals("True"))
        .count();
  }

  static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Polls until the condition holds; answers the seconds it took, or -1 on timeout. */
  static double await(BooleanSupplier condition, Duration timeout, long pollMillis)
      throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return (System.nanoTime() - start) / 1e9;
      }
      Thread.sleep(pollMillis);
    }
    return -1;
  }

  @Override
  public void close() {
    stopOperator();
    emulator.close();
    api.close();
  }
}
