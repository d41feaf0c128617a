package io.certsync.cdn.sync;

import io.certsync.cdn.api.v1alpha1.CdnCertificateBinding;
import io.certsync.cdn.api.v1alpha1.CdnCertificateBindingStatus;
import io.certsync.cdn.api.v1alpha1.DomainStatus;
import io.certsync.cdn.certificate.CertificateInfo;
import io.certsync.cdn.certificate.DomainCoverage;
import io.certsync.cdn.cloudapi.CdnCertificateClient;
import io.certsync.cdn.cloudapi.CdnCredentials;
import io.certsync.cdn.cloudapi.ServedCertificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * One sync of one binding: decides every domain first (no I/O), then carries out the decisions that
 * need calls, in parallel when there are several. Holds what the domains share: the desired
 * certificate, the credentials and account looked up once, the writes made.
 */
final class BindingSync {

  private final SyncEngine engine;
  private final CdnCertificateBinding binding;
  private final CdnCertificateBindingStatus previous;
  private final DesiredCertificate desired;
  private final Supplier<CredentialsLookup> credentialsSupplier;
  private final Map<String, String> claimedBy;
  private final Instant now;
  private final boolean inputsChanged;
  private final List<SyncReport.Deployment> deployments =
      Collections.synchronizedList(new ArrayList<>());
  private final List<SyncReport.RefusedWrite> refused =
      Collections.synchronizedList(new ArrayList<>());
  private Optional<CertificateInfo> certificate;
  private CredentialsLookup credentials;
  private String account;

  BindingSync(
      SyncEngine engine,
      CdnCertificateBinding binding,
      CdnCertificateBindingStatus previous,
      DesiredCertificate desired,
      Optional<CertificateInfo> certificate,
      Supplier<CredentialsLookup> credentials,
      Map<String, String> claimedBy,
      Instant now,
      boolean inputsChanged) {
    this.engine = engine;
    this.binding = binding;
    this.previous = previous;
    this.desired = desired;
    this.certificate = certificate;
    this.credentialsSupplier = credentials;
    this.claimedBy = claimedBy;
    this.now = now;
    this.inputsChanged = inputsChanged;
  }

  SyncReport execute() {
    List<String> domains = binding.getSpec().getDomains();
    DomainDecider.Context context =
        new DomainDecider.Context(
            desired,
            inputsChanged,
            binding.getSpec().isSuspended(),
            now,
            engine.settings().driftCheckInterval());
    List<DomainDecision> decisions = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String domain : domains) {
      String name = DomainCoverage.normalize(domain);
      Optional<DomainDecision.Reject> problem =
          DomainChecks.problem(domain, name, !seen.add(name), desired, claimedBy);
      decisions.add(DomainDecider.decide(previous.domain(domain).orElse(null), problem, context));
    }
    List<CompletableFuture<DomainOutcome>> outcomes = new ArrayList<>();
    long calling = decisions.stream().filter(BindingSync::calls).count();
    DomainSync sync = new DomainSync(this);
    for (int i = 0; i < domains.size(); i++) {
      String domain = domains.get(i);
      DomainDecision decision = decisions.get(i);
      DomainStatus before = previous.domain(domain).orElse(null);
      Supplier<DomainOutcome> act =
          () -> sync.act(domain, DomainCoverage.normalize(domain), before, decision);
      outcomes.add(
          calling > 1 && calls(decision)
              ? CompletableFuture.supplyAsync(act, engine.domainExecutor())
              : CompletableFuture.completedFuture(act.get()));
    }
    List<DomainOutcome> results = outcomes.stream().map(CompletableFuture::join).toList();
    Optional<SyncReport.Blocker> blocker = Optional.empty();
    Optional<Instant> recheck = Optional.empty();
    if (credentialsLookedUp() instanceof CredentialsLookup.Missing missing) {
      blocker = Optional.of(new SyncReport.Blocker(missing.reason(), missing.message()));
      recheck = Optional.of(now.plus(engine.settings().accountRecheck()));
    }
    if (results.stream().anyMatch(r -> Reasons.DOMAIN_CLAIMED.equals(r.reason()))) {
      recheck = Optional.of(now.plus(SyncEngine.CLAIM_RECHECK));
    }
    if (certificate.isEmpty() && desired instanceof DesiredCertificate.Stored) {
      // a stored certificate is known only by what the domains serve
      certificate = Optional.ofNullable(previous.getCertificate()).map(SyncEngine::info);
    }
    return new SyncReport(
        certificate,
        certId(results),
        blocker,
        results,
        List.copyOf(deployments),
        List.copyOf(refused),
        List.of(),
        List.of(),
        recheck);
  }

  private static boolean calls(DomainDecision decision) {
    return decision instanceof DomainDecision.Write
        || decision instanceof DomainDecision.CheckDrift;
  }

  /** The store id the domains serve the certificate under, once one of them reported it. */
  private Optional<String> certId(List<DomainOutcome> results) {
    if (!(desired instanceof DesiredCertificate.Uploaded uploaded)) {
      return desired instanceof DesiredCertificate.Stored s
          ? Optional.of(String.valueOf(s.certId()))
          : Optional.empty();
    }
    for (DomainOutcome r : results) {
      if (r.status().getCertId() != null && uploaded.recordedIn(r.status())) {
        return Optional.of(r.status().getCertId());
      }
    }
    return Optional.ofNullable(previous.getCertificate())
        .filter(c -> uploaded.fingerprint().equals(c.getFingerprint()))
        .map(c -> c.getCertId());
  }

  // ---- shared with DomainSync ----

  /** The binding's credentials, looked up once, when the first domain needs them. */
  synchronized CredentialsLookup credentials() {
    if (credentials == null) {
      credentials = credentialsSupplier.get();
    }
    return credentials;
  }

  private synchronized CredentialsLookup credentialsLookedUp() {
    return credentials;
  }

  /**
   * The main account of the credentials (limits and the store are per account); the AccessKeyId
   * stands in when it cannot be learned.
   */
  synchronized String account(CdnCredentials credentials) {
    if (account == null) {
      account = CertificateRegistry.accountOf(engine.accounts(), credentials);
      // what status remembers of an earlier upload saves a look-up after a restart
      if (desired instanceof DesiredCertificate.Uploaded uploaded
          && previous.getCertificate() != null
          && uploaded.fingerprint().equals(previous.getCertificate().getFingerprint())
          && previous.getCertificate().getCertId() != null) {
        CertificateRegistry.parseId(previous.getCertificate().getCertId())
            .ifPresent(
                id ->
                    engine
                        .registry()
                        .seed(new CertificateRegistry.Key(account, uploaded.fingerprint()), id));
      }
    }
    return account;
  }

  CertificatePlacement.Target target(CdnCredentials credentials, String name) {
    return new CertificatePlacement.Target(
        credentials,
        account(credentials),
        SyncEngine.action(binding.getSpec()),
        name,
        certName(),
        binding.getSpec().getCertRegion() == null
            ? null
            : binding.getSpec().getCertRegion().wireValue(),
        desired);
  }

  /** A read showed a domain serving the certificate under a store id: remember it. */
  void learned(ServedCertificate served) {
    if (desired instanceof DesiredCertificate.Uploaded uploaded
        && credentials() instanceof CredentialsLookup.Found found) {
      CertificateRegistry.parseId(served.certId())
          .ifPresent(
              id ->
                  engine
                      .registry()
                      .remember(
                          new CertificateRegistry.Key(
                              account(found.credentials()), uploaded.fingerprint()),
                          id));
    }
  }

  synchronized void servedCertificate(CertificateInfo info) {
    if (certificate.isEmpty()) {
      certificate = Optional.of(info);
    }
  }

  void deployed(DomainStatus status, CertificatePlacement.Placed.Done done, boolean drift) {
    deployments.add(
        new SyncReport.Deployment(
            status.getDomain(),
            desired.describe(),
            done.certName(),
            done.requestId(),
            done.uploaded(),
            drift));
  }

  void refused(String domain, String code) {
    refused.add(new SyncReport.RefusedWrite(domain, code));
  }

  CdnCertificateClient cdn() {
    return engine.cdn();
  }

  CertificatePlacement placement() {
    return engine.placement();
  }

  RetryPolicy retry() {
    return engine.retry();
  }

  SyncSettings settings() {
    return engine.settings();
  }

  DesiredCertificate desired() {
    return desired;
  }

  Instant now() {
    return now;
  }

  String timestamp() {
    return Timestamps.format(now);
  }

  boolean inputsChanged() {
    return inputsChanged;
  }

  private String certName() {
    return desired instanceof DesiredCertificate.Uploaded uploaded
        ? CertNames.of(binding, uploaded.fingerprint())
        : "cas-" + binding.getSpec().getCertId();
  }
}
