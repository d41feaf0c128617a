package io.certsync.cdn.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.slf4j.Logger.ROOT_LOGGER_NAME;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.certsync.cdn.api.v1alpha1.CdnCertificateBinding;
import io.certsync.cdn.api.v1alpha1.CdnCertificateBindingSpec;
import io.certsync.cdn.api.v1alpha1.SecretReference;
import io.certsync.cdn.cloudapi.CdnCredentials;
import io.certsync.cdn.emulator.CdnEmulator;
import io.certsync.cdn.emulator.EmulatorSettings;
import io.certsync.cdn.fixtures.InProcessApiServer;
import io.certsync.cdn.fixtures.NamespaceFixtures;
import io.certsync.cdn.fixtures.OperatorProcess;
import io.certsync.cdn.fixtures.Secrets;
import io.certsync.cdn.runtime.OperatorConfig;
import io.certsync.cdn.runtime.OperatorRuntime;
import io.certsync.cdn.sync.SyncSettings;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.LoggerFactory;

/**
 * The operator in-process against fabric8's mock API server (CRUD mode, real HTTP) with the
 * generated CRD applied, and the CDN emulator over real HTTP. Captures logs so that tests can prove
 * no key material leaks.
 */
public final class OperatorHarness implements AutoCloseable {

  public static final String NAMESPACE = "web";
  public static final CdnCredentials KEYS = CdnCredentials.of("LTAI-operator", "operator-secret");

  private final InProcessApiServer api;
  public final NamespacedKubernetesClient client;
  public final CdnEmulator emulator;
  private final NamespaceFixtures fixtures;
  private final RulesReviewingDispatcher dispatcher = new RulesReviewingDispatcher();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final List<String> secretsUsed = new ArrayList<>();
  private OperatorConfig config;
  private OperatorRuntime runtime;

  public OperatorHarness(Consumer<EmulatorSettings> emulatorSetup) throws IOException {
    api = InProcessApiServer.start(0, dispatcher);
    client = api.client();
    fixtures = new NamespaceFixtures(client, NAMESPACE);
    EmulatorSettings settings =
        new EmulatorSettings().accessKey(KEYS.accessKeyId(), KEYS.accessKeySecret());
    emulatorSetup.accept(settings);
    emulator = CdnEmulator.start(settings);
    logs.start();
    ((Logger) LoggerFactory.getLogger(ROOT_LOGGER_NAME)).addAppender(logs);
    config =
        OperatorConfig.of(
            emulator.baseUrl(),
            KEYS,
            0,
            new SyncSettings(
                Duration.ofMillis(200),
                Duration.ofSeconds(2),
                Duration.ofSeconds(600),
                Duration.ZERO));
    secretsUsed.add(KEYS.accessKeySecret());
  }

  public OperatorHarness withConfig(UnaryOperator<OperatorConfig> change) {
    config = change.apply(config);
    return this;
  }

  /** The configuration the next {@link #startOperator()} uses. */
  public OperatorConfig config() {
    return config;
  }

  public OperatorHarness startOperator() {
    Clock clock = Clock.systemUTC();
    runtime = OperatorRuntime.start(client, config, clock);
    return this;
  }

  /** The operator as a process of its own against this harness's API server and emulator. */
  public OperatorProcess startOperatorProcess(Map<String, String> env) throws IOException {
    return OperatorProcess.start(
        api, emulator.baseUrl(), KEYS, env, List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"));
  }

  /** The next {@code count} status writes of bindings are answered 409 Conflict. */
  public void conflictOnStatusWrites(int count) {
    dispatcher.statusConflicts.set(count);
  }

  public int pendingConflicts() {
    return dispatcher.statusConflicts.get();
  }

  /** Status writes of bindings that the API server accepted. */
  /** Status writes made as patches (every status write should be a PUT with resourceVersion). */
  public int statusPatches() {
    return dispatcher.statusPatches.get();
  }

  public int statusWrites() {
    return dispatcher.statusWrites.get();
  }

  /** Reads of the named Secret are answered 500 until cleared with null: an unexpected failure. */
  public void failSecretReads(String name) {
    dispatcher.failingSecret.set(name);
  }

  public OperatorRuntime runtime() {
    return runtime;
  }

  /** After a test: checks that no secret leaked, then closes the harness (if one was built). */
  public static void closeChecked(OperatorHarness harness) {
    if (harness != null) {
      harness.assertNoSecretLeaked();
      harness.close();
    }
  }

  public void stopOperator() {
    if (runtime != null) {
      runtime.close();
      runtime = null;
    }
  }

  public void restartOperator() {
    stopOperator();
    startOperator();
  }

  // ---- fixtures ----

  public Secret tlsSecret(String name, TestCertificates.Issued issued) {
    return tlsSecret(name, issued.chainPem(), issued.keyPkcs1OrSec1());
  }

  public Secret tlsSecret(String name, String crt, String key) {
    secretsUsed.add(key);
    return fixtures.tlsSecret(name, crt, key);
  }

  public Secret apply(Secret secret) {
    return fixtures.apply(secret);
  }

  public CdnCertificateBinding createBinding(String name, String secretName, String... domains) {
    return fixtures.createBinding(name, secretName, List.of(domains));
  }

  public CdnCertificateBinding createBinding(
      String name,
      String secretName,
      Consumer<CdnCertificateBindingSpec> customize,
      String... domains) {
    return fixtures.createBinding(name, secretName, customize, List.of(domains));
  }

  public CdnCertificateBinding binding(String name) {
    return fixtures.binding(name);
  }

  public Condition ready(String name) {
    return fixtures.ready(name).orElse(null);
  }

  /** Waits until Ready has this status and reason; returns the binding. */
  public CdnCertificateBinding awaitReady(String name, String status, String reason) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(
            () -> {
              Condition c = ready(name);
              assertThat(c).as("Ready of " + name).isNotNull();
              assertThat(c.getStatus() + "/" + c.getReason()).isEqualTo(status + "/" + reason);
            });
    return binding(name);
  }

  public List<Event> events() {
    return client.v1().events().inNamespace(NAMESPACE).list().getItems();
  }

  public SecretReference credentialsSecret(String name, String id, String secret) {
    secretsUsed.add(secret);
    client
        .secrets()
        .inNamespace(NAMESPACE)
        .resource(
            Secrets.credentials(NAMESPACE, name, id, secret)
                .editMetadata()
                .addToLabels("certsync.io/credentials", "true")
                .endMetadata()
                .build())
        .create();
    return new SecretReference(name);
  }

  // ---- leak check ----

  /** Every log line, Event and binding status serialized, for leak checks. */
  public String everythingVisible() {
    StringBuilder all = new StringBuilder();
    for (ILoggingEvent e : logs.list) {
      all.append(e.getFormattedMessage()).append('\n');
      if (e.getThrowableProxy() != null) {
        all.append(e.getThrowableProxy().getClassName())
            .append(": ")
            .append(e.getThrowableProxy().getMessage())
            .append('\n');
      }
    }
    for (Event e : events()) {
      all.append(e.getReason()).append(' ').append(e.getMessage()).append('\n');
    }
    for (CdnCertificateBinding b :
        client.resources(CdnCertificateBinding.class).inAnyNamespace().list().getItems()) {
      all.append(Serialization.asJson(b)).append('\n').append(b).append('\n');
    }
    return all.toString();
  }

  /** Asserts that no private key line or AccessKey secret used so far appears anywhere visible. */
  public void assertNoSecretLeaked() {
    String visible = everythingVisible();
    for (String used : secretsUsed) {
      if (used.contains("PRIVATE KEY")) {
        used.lines()
            .filter(l -> !l.startsWith("-----") && l.length() >= 16)
            .forEach(
                line ->
                    assertThat(visible)
                        .as("key material in logs, events or status")
                        .doesNotContain(line));
      } else {
        assertThat(visible)
            .as("an AccessKey secret in logs, events or status")
            .doesNotContain(used);
      }
    }
    assertThat(visible).doesNotContain("PRIVATE KEY-----\nMI").doesNotContain("SSLPri=");
  }

  public int logLines() {
    return logs.list.size();
  }

  @Override
  public void close() {
    stopOperator();
    ((Logger) LoggerFactory.getLogger(ROOT_LOGGER_NAME)).detachAppender(logs);
    emulator.close();
    api.close();
  }
}
