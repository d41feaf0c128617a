package io.certsync.cdn.e2e;

import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * A kubeconfig that authenticates as a ServiceAccount with a token from the TokenRequest API, as a
 * pod of that ServiceAccount would: the operator process runs with exactly the chart's RBAC.
 */
final class ServiceAccountKubeconfig {

  private ServiceAccountKubeconfig() {}

  /** Writes the kubeconfig to {@code file} and returns it. */
  static Path write(KubernetesClient admin, String namespace, String serviceAccount, Path file)
      throws IOException {
    String token = token(admin, namespace, serviceAccount);
    Config config = admin.getConfiguration();
    String ca = caData(config);
    String yaml =
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: e2e
          cluster:
            server: %s
            %s
        users:
        - name: %s
          user:
            token: %s
        contexts:
        - name: e2e
          context: {cluster: e2e, user: %s, namespace: %s}
        current-context: e2e
        """
            .formatted(
                config.getMasterUrl(),
                ca == null ? "insecure-skip-tls-verify: true" : "certificate-authority-data: " + ca,
                serviceAccount,
                token,
                serviceAccount,
                namespace);
    Files.createDirectories(file.getParent());
    Files.writeString(file, yaml);
    return file;
  }

  /** A client acting as the ServiceAccount. */
  static KubernetesClient client(KubernetesClient admin, String namespace, String serviceAccount) {
    Config config = admin.getConfiguration();
    Config as = Config.empty();
    as.setMasterUrl(config.getMasterUrl());
    as.setCaCertData(caData(config));
    as.setTrustCerts(config.getCaCertData() == null && config.getCaCertFile() == null);
    as.setOauthToken(token(admin, namespace, serviceAccount));
    as.setNamespace(namespace);
    return new KubernetesClientBuilder().withConfig(as).build();
  }

  static String token(KubernetesClient admin, String namespace, String serviceAccount) {
    TokenRequest request =
        new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build();
    return admin
        .serviceAccounts()
        .inNamespace(namespace)
        .withName(serviceAccount)
        .tokenRequest(request)
        .getStatus()
        .getToken();
  }

  private static String caData(Config config) {
    try {
      if (config.getCaCertData() != null) {
        return config.getCaCertData();
      }
      if (config.getCaCertFile() != null) {
        return Base64.getEncoder()
            .encodeToString(Files.readAllBytes(Path.of(config.getCaCertFile())));
      }
      return null;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
