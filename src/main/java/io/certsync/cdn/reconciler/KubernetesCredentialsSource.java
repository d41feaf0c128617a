package io.certsync.cdn.reconciler;

import io.certsync.cdn.api.v1alpha1.SecretReference;
import io.certsync.cdn.cloudapi.CdnCredentials;
import io.certsync.cdn.cloudapi.CdnResult;
import io.certsync.cdn.cloudapi.CredentialsProvider;
import io.certsync.cdn.sync.CredentialsLookup;
import io.certsync.cdn.sync.Reasons;
import io.certsync.cdn.sync.SyncEngine;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code accessKeyId}, {@code accessKeySecret} and optional {@code securityToken} from a
 * Secret in the binding's namespace, falling back to the operator's default credentials.
 */
public final class KubernetesCredentialsSource implements CredentialsSource {

  static final String ACCESS_KEY_ID = "accessKeyId";
  static final String ACCESS_KEY_SECRET = "accessKeySecret";
  static final String SECURITY_TOKEN = "securityToken";

  private final KubernetesClient client;
  private final Optional<CredentialsProvider> defaults;

  public KubernetesCredentialsSource(
      KubernetesClient client, Optional<CredentialsProvider> defaults) {
    this.client = client;
    this.defaults = defaults;
  }

  @Override
  public CredentialsLookup lookup(String namespace, SecretReference reference) {
    if (reference == null || reference.getName() == null) {
      return defaults
          .map(KubernetesCredentialsSource::fromProvider)
          .orElseGet(
              () ->
                  new CredentialsLookup.Missing(
                      Reasons.CREDENTIALS_NOT_FOUND,
                      "no credentialsSecretRef and the operator has no default credentials"
                          + " (ALIBABA_CLOUD_ACCESS_KEY_ID / _SECRET)"));
    }
    String where = "Secret " + namespace + "/" + reference.getName();
    if (!SyncEngine.isObjectName(reference.getName())) {
      return new CredentialsLookup.Missing(
          Reasons.CREDENTIALS_NOT_FOUND,
          "credentialsSecretRef '"
              + reference.getName()
              + "' is not a Secret name; Secrets are read from the binding's namespace only");
    }
    // a read that fails (the API server busy, a timeout) is not "not found": it propagates, so the
    // reconcile is retried with backoff and a deletion is never abandoned over a blip
    Secret secret = client.secrets().inNamespace(namespace).withName(reference.getName()).get();
    if (secret == null) {
      return new CredentialsLookup.Missing(
          Reasons.CREDENTIALS_NOT_FOUND, where + " does not exist");
    }
    Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
    String id = decode(data.get(ACCESS_KEY_ID));
    String key = decode(data.get(ACCESS_KEY_SECRET));
    if (id == null || id.isBlank() || key == null || key.isBlank()) {
      return new CredentialsLookup.Missing(
          Reasons.CREDENTIALS_INVALID,
          where + " must hold non-empty keys " + ACCESS_KEY_ID + " and " + ACCESS_KEY_SECRET);
    }
    return new CredentialsLookup.Found(
        new CdnCredentials(
            id.trim(),
            key.trim(),
            Optional.ofNullable(decode(data.get(SECURITY_TOKEN))).map(String::trim).orElse(null)));
  }

  private static CredentialsLookup fromProvider(CredentialsProvider provider) {
    CdnResult<CdnCredentials> result = provider.credentials();
    if (result instanceof CdnResult.Success<CdnCredentials> s) {
      return new CredentialsLookup.Found(s.value());
    }
    return new CredentialsLookup.Missing(
        Reasons.CREDENTIALS_INVALID,
        "the operator's default credentials could not be obtained: "
            + ((CdnResult.Failure<CdnCredentials>) result).error().describe());
  }

  private static String decode(String base64) {
    if (base64 == null) {
      return null;
    }
    try {
      return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
