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
    Duration apiTimeout) {

  public static final Duration DEFAULT_API_TIMEOUT = Duration.ofSeconds(30);

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
        DEFAULT_API_TIMEOUT);
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
        apiTimeout);
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
        apiTimeout);
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
        apiTimeout);
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
        timeout);
  }
}
