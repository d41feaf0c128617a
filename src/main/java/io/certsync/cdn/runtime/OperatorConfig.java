package io.certsync.cdn.runtime;

import io.certsync.cdn.cloudapi.CdnCredentials;
import io.certsync.cdn.cloudapi.CredentialsProvider;
import io.certsync.cdn.cloudapi.aliyun.CdnEndpoint;
import io.certsync.cdn.cloudapi.aliyun.SignatureVersion;
import io.certsync.cdn.sync.SyncSettings;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
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

  /** With the CAS and STS endpoints that go with the CDN endpoint. */
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

  /**
   * The operator of the in-process worlds and the tests: signature V3, every namespace, no leader
   * election, the default API timeout, the endpoint answering CDN, CAS and STS.
   */
  public static OperatorConfig of(
      String endpoint, CdnCredentials credentials, int httpPort, SyncSettings syncSettings) {
    return new OperatorConfig(
        CdnEndpoint.parse(endpoint),
        SignatureVersion.V3,
        Optional.of(CredentialsProvider.fixed(credentials)),
        Set.of(),
        httpPort,
        syncSettings,
        Optional.empty(),
        DEFAULT_API_TIMEOUT);
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
    return copy(
        c -> {
          c.casEndpoint = cas;
          c.stsEndpoint = sts;
        });
  }

  public OperatorConfig withLeaderElection(LeaderElection election) {
    return copy(c -> c.leaderElection = Optional.of(election));
  }

  public OperatorConfig withSyncSettings(SyncSettings settings) {
    return copy(c -> c.syncSettings = settings);
  }

  public OperatorConfig withDefaultCredentials(CredentialsProvider provider) {
    return copy(c -> c.defaultCredentials = Optional.of(provider));
  }

  public OperatorConfig withApiTimeout(Duration timeout) {
    return copy(c -> c.apiTimeout = timeout);
  }

  private OperatorConfig copy(Consumer<Copy> change) {
    Copy copy = new Copy(this);
    change.accept(copy);
    return copy.build();
  }

  /** A mutable copy, so that each {@code with} method names only what it changes. */
  private static final class Copy {
    HttpUrl endpoint;
    SignatureVersion signatureVersion;
    Optional<CredentialsProvider> defaultCredentials;
    Set<String> watchNamespaces;
    int httpPort;
    SyncSettings syncSettings;
    Optional<LeaderElection> leaderElection;
    Duration apiTimeout;
    HttpUrl casEndpoint;
    HttpUrl stsEndpoint;

    Copy(OperatorConfig c) {
      endpoint = c.endpoint;
      signatureVersion = c.signatureVersion;
      defaultCredentials = c.defaultCredentials;
      watchNamespaces = c.watchNamespaces;
      httpPort = c.httpPort;
      syncSettings = c.syncSettings;
      leaderElection = c.leaderElection;
      apiTimeout = c.apiTimeout;
      casEndpoint = c.casEndpoint;
      stsEndpoint = c.stsEndpoint;
    }

    OperatorConfig build() {
      return new OperatorConfig(
          endpoint,
          signatureVersion,
          defaultCredentials,
          watchNamespaces,
          httpPort,
          syncSettings,
          leaderElection,
          apiTimeout,
          casEndpoint,
          stsEndpoint);
    }
  }
}
