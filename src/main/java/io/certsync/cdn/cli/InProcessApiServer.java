package io.certsync.cdn.cli;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.HashMap;

/**
 * fabric8's mock Kubernetes API server in CRUD mode on a loopback port, with the generated CRD
 * applied: the sandbox's and the benchmark's API server, and the tests'.
 */
public final class InProcessApiServer implements AutoCloseable {

  static final String CRD_RESOURCE = "/META-INF/fabric8/cdncertificatebindings.certsync.io-v1.yml";

  private final KubernetesMockServer server;
  private final NamespacedKubernetesClient client;

  private InProcessApiServer(KubernetesMockServer server) {
    this.server = server;
    this.client = server.createClient();
  }

  /** Starts on {@code port} (0 picks a free one) with the CRUD dispatcher given. */
  public static InProcessApiServer start(int port, KubernetesCrudDispatcher dispatcher) {
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    server.init(InetAddress.getLoopbackAddress(), port);
    InProcessApiServer started = new InProcessApiServer(server);
    try (InputStream crd = InProcessApiServer.class.getResourceAsStream(CRD_RESOURCE)) {
      if (crd == null) {
        throw new IllegalStateException(
            "the generated CRD " + CRD_RESOURCE + " is not on the classpath");
      }
      started
          .client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .resource(Serialization.unmarshal(crd, CustomResourceDefinition.class))
          .create();
    } catch (IOException e) {
      started.close();
      throw new UncheckedIOException(e);
    }
    return started;
  }

  public static InProcessApiServer start(int port) {
    return start(port, new KubernetesCrudDispatcher());
  }

  public NamespacedKubernetesClient client() {
    return client;
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
