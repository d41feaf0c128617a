package io.certsync.cdn.runtime;

import io.certsync.cdn.cloudapi.CdnCredentials;
import io.certsync.cdn.cloudapi.CredentialsProvider;
import io.certsync.cdn.cloudapi.aliyun.CdnEndpoint;
import io.certsync.cdn.cloudapi.aliyun.OidcRoleCredentialsProvider;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import okhttp3.OkHttpClient;

/**
 * Reads settings: a flag wins, else a non-empty environment variable. The only reader of the
 * environment.
 */
public record Environment(Map<String, String> variables) {

  public Optional<String> value(String flag, String variable) {
    if (flag != null && !flag.isBlank()) {
      return Optional.of(flag.trim());
    }
    return Optional.ofNullable(variables.get(variable)).map(String::trim).filter(v -> !v.isEmpty());
  }

  /**
   * The operator's default credentials, in the official SDK's order: static keys from the
   * environment, else RRSA when ALIBABA_CLOUD_ROLE_ARN, _OIDC_PROVIDER_ARN and _OIDC_TOKEN_FILE are
   * all set.
   */
  public Optional<CredentialsProvider> credentialsProvider(Clock clock) {
    Optional<CdnCredentials> fixed = defaultCredentials();
    if (fixed.isPresent()) {
      return fixed.map(CredentialsProvider::fixed);
    }
    Optional<String> role = value(null, "ALIBABA_CLOUD_ROLE_ARN");
    Optional<String> provider = value(null, "ALIBABA_CLOUD_OIDC_PROVIDER_ARN");
    Optional<String> tokenFile = value(null, "ALIBABA_CLOUD_OIDC_TOKEN_FILE");
    if (role.isEmpty() || provider.isEmpty() || tokenFile.isEmpty()) {
      return Optional.empty();
    }
    OidcRoleCredentialsProvider.Settings settings =
        new OidcRoleCredentialsProvider.Settings(
            CdnEndpoint.parse(
                value(null, "ALIBABA_CLOUD_STS_ENDPOINT").orElse(null), "https://sts.aliyuncs.com"),
            role.get(),
            provider.get(),
            Path.of(tokenFile.get()),
            value(null, "ALIBABA_CLOUD_ROLE_SESSION_NAME").orElse("cdn-cert-operator"),
            Duration.ofHours(1));
    return Optional.of(new OidcRoleCredentialsProvider(settings, new OkHttpClient(), clock));
  }

  /**
   * Credentials from ALIBABA_CLOUD_ACCESS_KEY_ID / _SECRET / _SECURITY_TOKEN, if both keys are set.
   */
  public Optional<CdnCredentials> defaultCredentials() {
    Optional<String> id = value(null, "ALIBABA_CLOUD_ACCESS_KEY_ID");
    Optional<String> secret = value(null, "ALIBABA_CLOUD_ACCESS_KEY_SECRET");
    if (id.isEmpty() || secret.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new CdnCredentials(
            id.get(), secret.get(), value(null, "ALIBABA_CLOUD_SECURITY_TOKEN").orElse(null)));
  }
}
