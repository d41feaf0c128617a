package io.certsync.cdn.emulator;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** How an emulator starts: its accounts, domains, limits and faults. */
public final class EmulatorSettings {

  final Map<String, String> accessKeys = new LinkedHashMap<>();
  final Map<String, String> keyAccounts = new LinkedHashMap<>();
  final Map<String, DomainState> domains = new LinkedHashMap<>();
  final Map<String, Integer> limits = new LinkedHashMap<>(ApiCatalog.defaultLimits());
  Clock clock = Clock.systemUTC();
  int port;
  double failRate;
  Duration latency = Duration.ZERO;
  long seed = 42;
  String oidcToken;
  final Map<Long, String> storedCertificates = new LinkedHashMap<>();

  /** An AccessKey of the default main account, {@value AccountDirectory#DEFAULT_ACCOUNT}. */
  public EmulatorSettings accessKey(String id, String secret) {
    return accessKey(id, secret, AccountDirectory.DEFAULT_ACCOUNT);
  }

  /** An AccessKey of the given main account: it shares that account's limits and store. */
  public EmulatorSettings accessKey(String id, String secret, String accountId) {
    accessKeys.put(id, secret);
    keyAccounts.put(id, accountId);
    return this;
  }

  public EmulatorSettings domain(String name) {
    return domain(name, DomainState.ONLINE);
  }

  public EmulatorSettings domain(String name, DomainState state) {
    domains.put(name, state);
    return this;
  }

  public EmulatorSettings clock(Clock clock) {
    this.clock = clock;
    return this;
  }

  /** 0 picks a free port. */
  public EmulatorSettings port(int port) {
    this.port = port;
    return this;
  }

  /** Share of calls answered with 503 ServiceUnavailable, 0 to 1. */
  public EmulatorSettings failRate(double failRate) {
    this.failRate = failRate;
    return this;
  }

  public EmulatorSettings latency(Duration latency) {
    this.latency = latency;
    return this;
  }

  public EmulatorSettings limit(String action, int callsPerSecond) {
    limits.put(action, callsPerSecond);
    return this;
  }

  /**
   * A certificate (chain PEM) held in the default account's store under this id, put there by
   * someone else than the operator (named {@code console-<id>}).
   */
  public EmulatorSettings storedCertificate(long certId, String chainPem) {
    storedCertificates.put(certId, chainPem);
    return this;
  }

  /** The OIDC token AssumeRoleWithOIDC accepts; unset, it accepts none. */
  public EmulatorSettings oidcToken(String token) {
    this.oidcToken = token;
    return this;
  }

  public EmulatorSettings seed(long seed) {
    this.seed = seed;
    return this;
  }
}
