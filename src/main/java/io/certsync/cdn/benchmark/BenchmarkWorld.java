package io.certsync.cdn.benchmark;

import io.certsync.cdn.cloudapi.CdnCredentials;
import io.certsync.cdn.emulator.CdnEmulator;
import io.certsync.cdn.emulator.EmulatorSettings;
import io.certsync.cdn.fixtures.InProcessApiServer;
import io.certsync.cdn.fixtures.NamespaceFixtures;
import io.certsync.cdn.fixtures.OperatorProcess;
import io.certsync.cdn.runtime.OperatorConfig;
import io.certsync.cdn.runtime.OperatorRuntime;
import io.certsync.cdn.sync.SyncSettings;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One benchmark setting: an in-process API server, the emulator at the real limits, and the
 * operator.
 */
final class BenchmarkWorld implements AutoCloseable {

  static final String NAMESPACE = "bench";
  static final CdnCredentials KEYS = CdnCredentials.of("LTAI-bench", "bench-secret");

  private final InProcessApiServer api;
  final NamespacedKubernetesClient client;
  final NamespaceFixtures fixtures;
  final CdnEmulator emulator;
  private OperatorRuntime operator;

  BenchmarkWorld(List<String> domains) throws Exception {
    api = InProcessApiServer.start(0);
    client = api.client();
    fixtures = new NamespaceFixtures(client, NAMESPACE);
    EmulatorSettings settings =
        new EmulatorSettings().accessKey(KEYS.accessKeyId(), KEYS.accessKeySecret());
    domains.forEach(settings::domain);
    emulator = CdnEmulator.start(settings);
  }

  OperatorConfig config() {
    return OperatorConfig.of(
        emulator.baseUrl(), KEYS, 0, SyncSettings.defaults().withDriftCheckInterval(Duration.ZERO));
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

  /** The operator as a process of its own against this world. */
  OperatorProcess startOperatorProcess(Map<String, String> env, List<String> jvmOptions)
      throws IOException {
    return OperatorProcess.start(api, emulator.baseUrl(), KEYS, env, jvmOptions);
  }

  OperatorRuntime operator() {
    return operator;
  }

  @Override
  public void close() {
    stopOperator();
    emulator.close();
    api.close();
  }
}
