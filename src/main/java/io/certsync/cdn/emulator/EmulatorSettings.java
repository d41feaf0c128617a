package io.certsync.cdn.emulator;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** How an emulator starts: its accounts, domains, limits and faults. */
public final class EmulatorSettings {

  final Map<String, String> accessKeys = new LinkedHashMap<>();
  final Map<String, DomainState> domains = new LinkedHashMap<>();
  final Map<String, Integer> limits =
      new LinkedHashMap<>(
          Map.of(
              "SetCdnDomainSSLCertificate", 30,
              "SetDomainServerCertificate", 10,
              "DescribeDomainCertificateInfo", 100));
  Clock clock = Clock.systemUTC();
  int port;
  double failRate;
  Duration latency = Duration.ZERO;
  long seed = 42;
  String oidcToken;
  final Map<Long, String> storedCertificates = new LinkedHashMap<>();

  public EmulatorSettings accessKey(String id, String secret) {
    accessKeys.put(id, secret);
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

  /** A certificate (chain PEM) held in Certificate Management Service under this id. */
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
