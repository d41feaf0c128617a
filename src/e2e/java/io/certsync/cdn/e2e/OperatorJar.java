package io.certsync.cdn.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar target/cdn-cert-operator.jar run} as a separate process, as a pod would run it:
 * its own kubeconfig, environment and HTTP port; its output kept in a log file.
 */
final class OperatorJar implements AutoCloseable {

  static final Path JAR =
      Path.of(System.getProperty("e2e.operatorJar", "target/cdn-cert-operator.jar"));

  final Path log;
  final int httpPort;
  private final Process process;

  private OperatorJar(Process process, Path log, int httpPort) {
    this.process = process;
    this.log = log;
    this.httpPort = httpPort;
  }

  /** Starts the operator with {@code env} added to this process's environment. */
  static OperatorJar start(Path kubeconfig, Map<String, String> env, Path log) throws IOException {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(JAR + " is missing: the e2e suite runs after package");
    }
    int port = freePort();
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder builder =
        new ProcessBuilder(java, "-XX:+UseSerialGC", "-Xmx256m", "-jar", JAR.toString(), "run");
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(k -> k.startsWith("ALIBABA_CLOUD_") || k.startsWith("CDN_"));
    environment.put("KUBECONFIG", kubeconfig.toString());
    environment.put("HTTP_PORT", Integer.toString(port));
    environment.putAll(env);
    Files.createDirectories(log.getParent());
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    return new OperatorJar(builder.start(), log, port);
  }

  static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  boolean alive() {
    return process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  /** HTTP status of {@code path} on the operator's port, or -1 when nothing answers. */
  int probe(String path) {
    try {
      HttpResponse<Void> answer =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.discarding());
      return answer.statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /**
   * Sends SIGTERM (what the kubelet sends on a rollout or drain) and waits up to {@code grace} for
   * the exit; returns how long it took, or empty if the process was still running (it is then
   * killed).
   */
  java.util.Optional<Duration> terminate(Duration grace) {
    long start = System.nanoTime();
    process.destroy();
    try {
      if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        return java.util.Optional.of(Duration.ofNanos(System.nanoTime() - start));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process.destroyForcibly();
    return java.util.Optional.empty();
  }

  String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
