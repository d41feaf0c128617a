package io.certsync.cdn.runtime;

import io.certsync.cdn.cloudapi.CredentialsProvider;
import io.certsync.cdn.cloudapi.aliyun.SignatureVersion;
import io.certsync.cdn.sync.SyncSettings;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * The operator's configuration, read once in the composition root and passed down. {@code httpPort}
 * 0 picks a free port; negative disables the HTTP server. {@code apiTimeout} bounds each CDN API
 * call.
 */
public record OperatorConfig(
    HttpUrl endpoint,
    SignatureVersion signatureVersion,
    Optional<CredentialsProvider> defaultCredentials,
    Set<String> watchNamespaces,
    int httpPort,
    SyncSettings syncSettings,
    Optional<LeaderElection> leaderElection,
    Duration apiTimeout,
    HttpUrl casEndpoint,
    HttpUrl stsEndpoint) {

  public static final Duration DEFAULT_API_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Without an explicit CAS or STS endpoint: Alibaba's own (the international ones beside the
   * international CDN endpoint), or, when the CDN endpoint is not Alibaba's (an emulator), that
   * same endpoint, which then answers all three APIs.
   */
  public OperatorConfig {
    if (casEndpoint == null) {
      casEndpoint = companion(endpoint, "cas");
    }
    if (stsEndpoint == null) {
      stsEndpoint = companion(endpoint, "sts");
    }
  }

  public OperatorConfig(
      HttpUrl endpoint,
      SignatureVersion signatureVersion,
      Optional<CredentialsProvider> defaultCredentials,
      Set<String> watchNamespaces,
      int httpPort,
      SyncSettings syncSettings,
      Optional<LeaderElection> leaderElection,
      Duration apiTimeout) {
    this(
        endpoint,
        signatureVersion,
        defaultCredentials,
        watchNamespaces,
        httpPort,
        syncSettings,
        leaderElection,
        apiTimeout,
        null,
        null);
  }

  private static HttpUrl companion(HttpUrl cdn, String product) {
    if (!cdn.host().endsWith(".aliyuncs.com")) {
      return cdn;
    }
    String host =
        product.equals("cas") && cdn.host().contains("ap-southeast-1")
            ? "cas.ap-southeast-1.aliyuncs.com"
            : product + ".aliyuncs.com";
    return new HttpUrl.Builder().scheme("https").host(host).build();
  }

  /** CAS_ENDPOINT and the STS endpoint for GetCallerIdentity, when set. */
  public OperatorConfig withStoreEndpoints(HttpUrl cas, HttpUrl sts) {
    return new OperatorConfig(
        endpoint,
        signatureVersion,
        defaultCredentials,
        watchNamespaces,
        httpPort,
        syncSettings,
        leaderElection,
        apiTimeout,
        cas,
        sts);
  }

  public OperatorConfig(
      HttpUrl endpoint,
      SignatureVersion signatureVersion,
      Optional<CredentialsProvider> defaultCredentials,
      Set<String> watchNamespaces,
      int httpPort,
      SyncSettings syncSettings,
      Optional<LeaderElection> leaderElection) {
    this(
        endpoint,
        signatureVersion,
        defaultCredentials,
        watchNamespaces,
        httpPort,
        syncSettings,
        leaderElection,
        DEFAULT_API_TIMEOUT,
        null,
        null);
  }

  public OperatorConfig withLeaderElection(LeaderElection election) {
    return new OperatorConfig(
        endpoint,
        signatureVersion,
        defaultCredentials,
        watchNamespaces,
        httpPort,
        syncSettings,
        Optional.of(election),
        apiTimeout,
        casEndpoint,
        stsEndpoint);
  }

  public OperatorConfig withSyncSettings(SyncSettings settings) {
    return new OperatorConfig(
        endpoint,
        signatureVersion,
        defaultCredentials,
        watchNamespaces,
        httpPort,
        settings,
        leaderElection,
        apiTimeout,
        casEndpoint,
        stsEndpoint);
  }

  public OperatorConfig withDefaultCredentials(CredentialsProvider provider) {
    return new OperatorConfig(
        endpoint,
        signatureVersion,
        Optional.of(provider),
        watchNamespaces,
        httpPort,
        syncSettings,
        leaderElection,
        apiTimeout,
        casEndpoint,
        stsEndpoint);
  }

  public OperatorConfig withApiTimeout(Duration timeout) {
    return new OperatorConfig(
        endpoint,
        signatureVersion,
        defaultCredentials,
        watchNamespaces,
        httpPort,
        syncSettings,
        leaderElection,
        timeout,
        casEndpoint,
        stsEndpoint);
  }
}
