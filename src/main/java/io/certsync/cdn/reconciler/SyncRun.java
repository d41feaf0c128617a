package io.certsync.cdn.reconciler;

import io.certsync.cdn.api.v1alpha1.CdnCertificateBinding;
import io.certsync.cdn.api.v1alpha1.CdnCertificateBindingStatus;
import io.certsync.cdn.api.v1alpha1.DomainState;
import io.certsync.cdn.api.v1alpha1.DomainStatus;
import io.certsync.cdn.certificate.CertificateInfo;
import io.certsync.cdn.certificate.DomainCoverage;
import io.certsync.cdn.certificate.ServedCertificates;
import io.certsync.cdn.cloudapi.ApiError;
import io.certsync.cdn.cloudapi.CdnAction;
import io.certsync.cdn.cloudapi.CdnCertificateClient;
import io.certsync.cdn.cloudapi.CdnCredentials;
import io.certsync.cdn.cloudapi.CdnResult;
import io.certsync.cdn.cloudapi.ErrorClass;
import io.certsync.cdn.cloudapi.ServedCertificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * One sync of one binding, domain by domain in spec order: what the domains share (the desired
 * certificate, the credentials looked up once, the pushes made) and the per-domain decisions.
 */
final class SyncRun {

  private final CdnCertificateClient cdn;
  private final SyncSettings settings;
  private final DoubleSupplier jitter;
  private final CdnCertificateBinding binding;
  private final CdnCertificateBindingStatus previous;
  private final DesiredCertificate desired;
  private Optional<CertificateInfo> certificate;
  private final Supplier<CredentialsLookup> credentialsSupplier;
  private final Instant now;
  private final boolean inputsChanged;
  // domains sync in parallel: what they share is guarded
  private final List<SyncReport.Deployment> deployments =
      java.util.Collections.synchronizedList(new ArrayList<>());
  private final List<BindingObserver.Push> failedPushes =
      java.util.Collections.synchronizedList(new ArrayList<>());
  private CredentialsLookup credentials;

  SyncRun(
      CdnCertificateClient cdn,
      SyncSettings settings,
      DoubleSupplier jitter,
      CdnCertificateBinding binding,
      CdnCertificateBindingStatus previous,
      DesiredCertificate desired,
      Optional<CertificateInfo> certificate,
      Supplier<CredentialsLookup> credentials,
      Instant now,
      boolean inputsChanged) {
    this.cdn = cdn;
    this.settings = settings;
    this.jitter = jitter;
    this.binding = binding;
    this.previous = previous;
    this.desired = desired;
    this.certificate = certificate;
    this.credentialsSupplier = credentials;
    this.now = now;
    this.inputsChanged = inputsChanged;
  }

  /**
   * Syncs every domain, in parallel on {@code executor} when there are several: with real network
   * latency a domain takes a few round trips, and a binding of 100 domains done one by one would
   * take far longer than the account's 30 writes per second allow. Outcomes keep spec order.
   */
  SyncReport execute(java.util.concurrent.Executor executor) {
    List<String> domains = binding.getSpec().getDomains();
    Set<String> seen = new HashSet<>();
    boolean[] duplicate = new boolean[domains.size()];
    for (int i = 0; i < domains.size(); i++) {
      duplicate[i] = !seen.add(DomainCoverage.normalize(domains.get(i)));
    }
    List<DomainOutcome> outcomes = new ArrayList<>();
    if (domains.size() == 1) {
      outcomes.add(syncDomain(domains.get(0), duplicate[0]));
    } else {
      List<java.util.concurrent.CompletableFuture<DomainOutcome>> futures = new ArrayList<>();
      for (int i = 0; i < domains.size(); i++) {
        int index = i;
        futures.add(
            java.util.concurrent.CompletableFuture.supplyAsync(
                () -> syncDomain(domains.get(index), duplicate[index]), executor));
      }
      futures.forEach(f -> outcomes.add(f.join()));
    }
    Optional<SyncReport.Blocker> blocker = Optional.empty();
    Optional<Instant> recheck = Optional.empty();
    if (credentialsLookedUp() instanceof CredentialsLookup.Missing missing) {
      blocker = Optional.of(new SyncReport.Blocker(missing.reason(), missing.message()));
      recheck = Optional.of(now.plus(settings.accountRecheck()));
    }
    if (certificate.isEmpty() && desired instanceof DesiredCertificate.Stored) {
      // a stored certificate is known only by what the domains serve
      certificate = Optional.ofNullable(previous.getCertificate()).map(BindingSynchronizer::info);
    }
    return new SyncReport(certificate, blocker, outcomes, deployments, failedPushes, recheck);
  }

  /** The binding's credentials, looked up once, when the first domain needs them. */
  private synchronized CredentialsLookup credentials() {
    if (credentials == null) {
      credentials = credentialsSupplier.get();
    }
    return credentials;
  }

  private synchronized CredentialsLookup credentialsLookedUp() {
    return credentials;
  }

  private DomainOutcome syncDomain(String domain, boolean duplicate) {
    String name = DomainCoverage.normalize(domain);
    DomainStatus before = previous.domain(domain).orElse(null);
    DomainStatus next = before == null ? new DomainStatus(domain) : before.copy();
    if (duplicate) {
      return localFailure(next, Reasons.DOMAIN_INVALID, domain + " is listed more than once");
    }
    if (!BindingSynchronizer.DOMAIN.matcher(name).matches()) {
      return localFailure(
          next,
          Reasons.DOMAIN_INVALID,
          domain
              + " is not a valid domain name (write IDNs in punycode, wildcards as .example.com)");
    }
    Optional<String> uncovered = desired.coverageProblem(name);
    if (uncovered.isPresent()) {
      return localFailure(next, Reasons.DOMAIN_NOT_COVERED, uncovered.get());
    }
    if (before != null && before.getState() == DomainState.Synced && desired.recordedIn(before)) {
      Optional<Instant> driftAt = driftCheckAt(next);
      if (driftAt.isEmpty() || driftAt.get().isAfter(now) || binding.getSpec().isSuspended()) {
        return DomainOutcome.synced(next, driftAt);
      }
      return driftCheck(name, next, before);
    }
    if (before != null && desired.recordedIn(before)) {
      // set before, then blocked for a while (a Secret broken and mended, say)
      return DomainOutcome.synced(
          markSynced(next, before.getRequestId(), before.getCertName(), Optional.empty()));
    }
    Optional<Instant> dueAt = dueAt(before);
    if (dueAt.isPresent() && dueAt.get().isAfter(now)) {
      return waiting(next, dueAt.get());
    }
    if (binding.getSpec().isSuspended()) {
      next.setState(DomainState.Pending);
      next.setMessage("suspended: would set " + desired.describe());
      return new DomainOutcome(
          next,
          Reasons.SUSPENDED,
          domain + ": suspended, would set " + desired.describe(),
          Optional.empty());
    }
    CredentialsLookup credentials = credentials();
    if (!(credentials instanceof CredentialsLookup.Found found)) {
      CredentialsLookup.Missing missing = (CredentialsLookup.Missing) credentials;
      next.setState(DomainState.Pending);
      next.setMessage(missing.message());
      return new DomainOutcome(
          next, missing.reason(), domain + ": " + missing.message(), Optional.empty());
    }
    // Always look before writing: the domain may already serve it (a new binding, a lost status
    // write, an answer lost on the way back, a restart mid-push). Reads have their own, higher
    // limit, so this costs latency, not throughput, and makes every upload happen exactly once.
    Optional<DomainOutcome> readBack = readBack(found.credentials(), name, next, before);
    if (readBack.isPresent()) {
      return readBack.get();
    }
    return upload(found.credentials(), name, next, before, false);
  }

  /** When a synced domain is next read back: spread by domain name over +-10% of the interval. */
  private Optional<Instant> driftCheckAt(DomainStatus status) {
    Duration interval = settings.driftCheckInterval();
    if (interval.isZero() || interval.isNegative() || status.getLastSyncTime() == null) {
      return Optional.empty();
    }
    Instant base = Instant.parse(status.getLastSyncTime());
    if (status.getLastCheckTime() != null
        && Instant.parse(status.getLastCheckTime()).isAfter(base)) {
      base = Instant.parse(status.getLastCheckTime());
    }
    double spread = 0.9 + 0.2 * ((status.getDomain().hashCode() & 0xffff) / 65535.0);
    return Optional.of(base.plusMillis((long) (interval.toMillis() * spread)));
  }

  /**
   * Reads back what a synced domain serves; a change made elsewhere is put right with one upload.
   */
  private DomainOutcome driftCheck(String name, DomainStatus next, DomainStatus before) {
    CredentialsLookup credentials = credentials();
    if (!(credentials instanceof CredentialsLookup.Found found)) {
      return DomainOutcome.synced(next, Optional.of(now.plus(settings.accountRecheck())));
    }
    CdnResult<ServedCertificate> served = cdn.describeCertificate(found.credentials(), name);
    if (served instanceof CdnResult.Success<ServedCertificate> s) {
      recordServed(next, s.value());
      if (desired.servedBy(s.value())) {
        next.setLastCheckTime(BindingSynchronizer.timestamp(now));
        return DomainOutcome.synced(next, driftCheckAt(next));
      }
      DomainOutcome corrected = upload(found.credentials(), name, next, before, true);
      corrected.status().setLastCheckTime(BindingSynchronizer.timestamp(now));
      return corrected;
    }
    ApiError error = ((CdnResult.Failure<ServedCertificate>) served).error();
    Duration wait =
        error.errorClass() == ErrorClass.TRANSIENT
            ? settings.backoff(1, jitter.getAsDouble())
            : settings.accountRecheck();
    return DomainOutcome.synced(next, Optional.of(now.plus(wait)));
  }

  /** What the domain serves now: no upload if it already serves the certificate. */
  private Optional<DomainOutcome> readBack(
      CdnCredentials credentials, String name, DomainStatus next, DomainStatus before) {
    CdnResult<ServedCertificate> served = cdn.describeCertificate(credentials, name);
    if (served instanceof CdnResult.Success<ServedCertificate> s) {
      recordServed(next, s.value());
      if (desired.servedBy(s.value())) {
        markSynced(next, s.requestId(), s.value().certName(), Optional.of(s.value()));
        next.setLastCheckTime(BindingSynchronizer.timestamp(now));
        return Optional.of(DomainOutcome.synced(next, driftCheckAt(next)));
      }
      return Optional.empty();
    }
    ApiError error = ((CdnResult.Failure<ServedCertificate>) served).error();
    if (error.errorClass() == ErrorClass.ALREADY_UPLOADED) {
      return Optional.empty();
    }
    return Optional.of(failure(next, before, error));
  }

  private DomainOutcome upload(
      CdnCredentials credentials,
      String name,
      DomainStatus next,
      DomainStatus before,
      boolean drift) {
    String certName = certName();
    CdnResult<Void> result =
        desired.push(
            cdn,
            credentials,
            action(),
            name,
            certName,
            binding.getSpec().getCertRegion() == null
                ? null
                : binding.getSpec().getCertRegion().wireValue());
    if (result instanceof CdnResult.Success<Void> s) {
      Optional<ServedCertificate> served = readBackAfterPush(credentials, name, next);
      markSynced(next, s.requestId(), certName, served);
      deployments.add(
          new SyncReport.Deployment(
              next.getDomain(), desired.describe(), next.getCertName(), s.requestId(), drift));
      return DomainOutcome.synced(next, driftCheckAt(next));
    }
    ApiError error = ((CdnResult.Failure<Void>) result).error();
    if (error.errorClass() == ErrorClass.ALREADY_UPLOADED) {
      // a retry after a lost answer: the store has it; verify what the domain serves
      CdnResult<ServedCertificate> served = cdn.describeCertificate(credentials, name);
      if (served instanceof CdnResult.Success<ServedCertificate> s && desired.servedBy(s.value())) {
        return DomainOutcome.synced(
            markSynced(next, s.requestId(), certName, Optional.of(s.value())));
      }
    }
    failedPushes.add(new BindingObserver.Push(next.getDomain(), error.code()));
    return failure(next, before, error);
  }

  /** Reads back what the domain serves after a push, and records its expiry. */
  private Optional<ServedCertificate> readBackAfterPush(
      CdnCredentials credentials, String name, DomainStatus next) {
    CdnResult<ServedCertificate> served = cdn.describeCertificate(credentials, name);
    if (served instanceof CdnResult.Success<ServedCertificate> s) {
      recordServed(next, s.value());
      if (desired.servedBy(s.value())) {
        next.setLastCheckTime(BindingSynchronizer.timestamp(now));
        return Optional.of(s.value());
      }
    }
    return Optional.empty();
  }

  private void recordServed(DomainStatus next, ServedCertificate served) {
    Optional<CertificateInfo> info = served.pem().flatMap(ServedCertificates::leaf);
    next.setServedNotAfter(info.map(i -> BindingSynchronizer.timestamp(i.notAfter())).orElse(null));
    if (desired.servedBy(served)) {
      synchronized (this) {
        if (certificate.isEmpty()) {
          certificate = info;
        }
      }
    }
  }

  private DomainStatus markSynced(
      DomainStatus next, String requestId, String certName, Optional<ServedCertificate> served) {
    next.setState(DomainState.Synced);
    next.setCertName(certName);
    desired.record(next, served);
    next.setLastSyncTime(BindingSynchronizer.timestamp(now));
    next.setLastAttemptTime(BindingSynchronizer.timestamp(now));
    next.setRequestId(requestId);
    next.setErrorCode(null);
    next.setMessage(null);
    next.setFailures(null);
    return next;
  }

  private DomainOutcome failure(DomainStatus next, DomainStatus before, ApiError error) {
    int failures =
        (inputsChanged || before == null || before.getFailures() == null ? 0 : before.getFailures())
            + 1;
    ErrorClass errorClass = error.errorClass();
    next.setState(errorClass == ErrorClass.TRANSIENT ? DomainState.Pending : DomainState.Failed);
    next.setErrorCode(error.code());
    next.setMessage(error.message());
    next.setRequestId(error.requestId());
    next.setLastAttemptTime(BindingSynchronizer.timestamp(now));
    next.setFailures(failures);
    Optional<Instant> due = dueAt(next).filter(t -> !t.equals(BindingSynchronizer.NEVER));
    String summary =
        next.getDomain()
            + ": "
            + error.describe()
            + ErrorHints.forCode(error.code()).map(h -> " (" + h + ")").orElse("")
            + retryNote(due);
    return new DomainOutcome(next, Reasons.fromApiCode(error.code()), summary, due);
  }

  private DomainOutcome waiting(DomainStatus kept, Instant dueAt) {
    Optional<Instant> due = Optional.of(dueAt).filter(t -> !t.equals(BindingSynchronizer.NEVER));
    String summary =
        kept.getDomain()
            + ": "
            + new ApiError(kept.getErrorCode(), kept.getMessage(), kept.getRequestId(), 0)
                .describe()
            + ErrorHints.forCode(kept.getErrorCode()).map(h -> " (" + h + ")").orElse("")
            + retryNote(due);
    return new DomainOutcome(kept, Reasons.fromApiCode(kept.getErrorCode()), summary, due);
  }

  private String retryNote(Optional<Instant> due) {
    return due.map(t -> "; next attempt at " + BindingSynchronizer.timestamp(t))
        .orElse("; not retried until the Secret or the binding changes");
  }

  /**
   * When a domain that failed before may be tried again; empty means now, or never for FIX_INPUT.
   */
  private Optional<Instant> dueAt(DomainStatus status) {
    if (status == null || status.getErrorCode() == null || status.getLastAttemptTime() == null) {
      return Optional.empty();
    }
    Instant last = Instant.parse(status.getLastAttemptTime());
    int failures = status.getFailures() == null ? 1 : status.getFailures();
    return switch (io.certsync.cdn.cloudapi.ErrorClassifier.classify(status.getErrorCode(), 0)) {
      case TRANSIENT -> Optional.of(last.plus(settings.backoff(failures, jitter.getAsDouble())));
      case ACCOUNT_STATE, ALREADY_UPLOADED -> Optional.of(last.plus(settings.accountRecheck()));
      case FIX_INPUT -> inputsChanged ? Optional.empty() : Optional.of(BindingSynchronizer.NEVER);
    };
  }

  private DomainOutcome localFailure(DomainStatus next, String reason, String message) {
    next.setState(DomainState.Failed);
    next.setErrorCode(null);
    next.setMessage(message);
    next.setFailures(null);
    return new DomainOutcome(next, reason, message, Optional.empty());
  }

  private CdnAction action() {
    return switch (binding.getSpec().effectiveApi()) {
      case SetCdnDomainSSLCertificate -> CdnAction.SetCdnDomainSSLCertificate;
      case SetDomainServerCertificate -> CdnAction.SetDomainServerCertificate;
    };
  }

  private String certName() {
    if (!(desired instanceof DesiredCertificate.Uploaded uploaded)) {
      return "cas-" + binding.getSpec().getCertId();
    }
    String prefix = binding.getSpec().getCertNamePrefix();
    if (prefix == null || prefix.isBlank()) {
      prefix = binding.getMetadata().getNamespace() + "-" + binding.getSpec().getSecretName();
    }
    return CertNames.of(prefix, uploaded.material().fingerprint());
  }
}
