package io.certsync.cdn.reconciler;

import io.certsync.cdn.api.v1alpha1.CdnCertificateBinding;
import io.certsync.cdn.api.v1alpha1.CdnCertificateBindingSpec;
import io.certsync.cdn.api.v1alpha1.CdnCertificateBindingStatus;
import io.certsync.cdn.api.v1alpha1.DomainState;
import io.certsync.cdn.api.v1alpha1.DomainStatus;
import io.certsync.cdn.cdn.ApiError;
import io.certsync.cdn.cdn.CdnAction;
import io.certsync.cdn.cdn.CdnCertificateClient;
import io.certsync.cdn.cdn.CdnCredentials;
import io.certsync.cdn.cdn.CdnResult;
import io.certsync.cdn.cdn.CertificateUpload;
import io.certsync.cdn.cdn.ErrorClass;
import io.certsync.cdn.cdn.PrivateKeyPem;
import io.certsync.cdn.cdn.ServedCertificate;
import io.certsync.cdn.certificate.CertificateInfo;
import io.certsync.cdn.certificate.DomainCoverage;
import io.certsync.cdn.certificate.PreflightChecker;
import io.certsync.cdn.certificate.PreflightResult;
import io.certsync.cdn.certificate.ServedCertificates;
import io.certsync.cdn.certificate.TlsMaterial;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Brings a binding's domains to the Secret's certificate: pre-flight checks, then per domain in
 * spec order a call only where the fingerprint differs (reading back first when status has no
 * record), with retries timed by the error class. Returns a report; writes nothing to Kubernetes.
 */
public final class BindingSynchronizer {

  static final String TLS_TYPE = "kubernetes.io/tls";
  private static final Pattern DOMAIN =
      Pattern.compile("^\\.?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])$");

  private final CdnCertificateClient cdn;
  private final PreflightChecker checker;
  private final SyncSettings settings;
  private final DoubleSupplier jitter;

  public BindingSynchronizer(
      CdnCertificateClient cdn, PreflightChecker checker, SyncSettings settings, DoubleSupplier jitter) {
    this.cdn = cdn;
    this.checker = checker;
    this.settings = settings;
    this.jitter = jitter;
  }

  SyncReport sync(
      CdnCertificateBinding binding,
      Optional<Secret> secret,
      Supplier<CredentialsLookup> credentials,
      Instant now) {
    CdnCertificateBindingSpec spec = binding.getSpec();
    CdnCertificateBindingStatus previous =
        binding.getStatus() == null ? new CdnCertificateBindingStatus() : binding.getStatus();
    String where = "Secret " + binding.getMetadata().getNamespace() + "/" + spec.getSecretName();
    if (secret.isEmpty()) {
      return blocked(binding, previous, Optional.empty(), Reasons.SECRET_NOT_FOUND, where + " does not exist");
    }
    if (!TLS_TYPE.equals(secret.get().getType())) {
      return blocked(
          binding,
          previous,
          Optional.empty(),
          Reasons.SECRET_TYPE_INVALID,
          where + " has type " + secret.get().getType() + ", not " + TLS_TYPE);
    }
    Map<String, String> data = secret.get().getData() == null ? Map.of() : secret.get().getData();
    PreflightResult checked = checker.check(decode(data.get("tls.crt")), decode(data.get("tls.key")), now);
    if (checked instanceof PreflightResult.Failed failed) {
      return blocked(
          binding,
          previous,
          failed.certificate(),
          failed.failure().reason().name(),
          where + ": " + failed.failure().message());
    }
    TlsMaterial material = ((PreflightResult.Passed) checked).material();
    boolean inputsChanged =
        !material.fingerprint().equals(
                previous.getCertificate() == null ? null : previous.getCertificate().getFingerprint())
            || !java.util.Objects.equals(previous.getObservedGeneration(), binding.getMetadata().getGeneration());
    Run run = new Run(binding, previous, material, credentials, now, inputsChanged);
    return run.execute();
  }

  /** One sync of one binding; holds what the domains share. */
  private final class Run {
    private final CdnCertificateBinding binding;
    private final CdnCertificateBindingStatus previous;
    private final TlsMaterial material;
    private final Supplier<CredentialsLookup> credentialsSupplier;
    private final Instant now;
    private final boolean inputsChanged;
    private final List<SyncReport.Deployment> deployments = new ArrayList<>();
    private CredentialsLookup credentials;

    Run(
        CdnCertificateBinding binding,
        CdnCertificateBindingStatus previous,
        TlsMaterial material,
        Supplier<CredentialsLookup> credentials,
        Instant now,
        boolean inputsChanged) {
      this.binding = binding;
      this.previous = previous;
      this.material = material;
      this.credentialsSupplier = credentials;
      this.now = now;
      this.inputsChanged = inputsChanged;
    }

    SyncReport execute() {
      List<DomainOutcome> outcomes = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (String domain : binding.getSpec().getDomains()) {
        outcomes.add(syncDomain(domain, seen));
      }
      Optional<SyncReport.Blocker> blocker = Optional.empty();
      Optional<Instant> recheck = Optional.empty();
      if (credentials instanceof CredentialsLookup.Missing missing) {
        blocker = Optional.of(new SyncReport.Blocker(missing.reason(), missing.message()));
        recheck = Optional.of(now.plus(settings.accountRecheck()));
      }
      return new SyncReport(Optional.of(material.info()), blocker, outcomes, deployments, recheck);
    }

    private DomainOutcome syncDomain(String domain, Set<String> seen) {
      String name = DomainCoverage.normalize(domain);
      DomainStatus before = previous.domain(domain).orElse(null);
      DomainStatus next = before == null ? new DomainStatus(domain) : before.copy();
      if (!seen.add(name)) {
        return localFailure(next, Reasons.DOMAIN_INVALID, domain + " is listed more than once");
      }
      if (!DOMAIN.matcher(name).matches()) {
        return localFailure(
            next,
            Reasons.DOMAIN_INVALID,
            domain + " is not a valid domain name (write IDNs in punycode, wildcards as .example.com)");
      }
      if (!DomainCoverage.covers(material.info().dnsNames(), name)) {
        return localFailure(
            next,
            Reasons.DOMAIN_NOT_COVERED,
            domain + " is not covered by the certificate's names " + material.info().dnsNames());
      }
      String fingerprint = material.fingerprint();
      if (before != null && before.getState() == DomainState.Synced && fingerprint.equals(before.getFingerprint())) {
        Optional<Instant> driftAt = driftCheckAt(next);
        if (driftAt.isEmpty() || driftAt.get().isAfter(now) || binding.getSpec().isSuspended()) {
          return DomainOutcome.synced(next, driftAt);
        }
        return driftCheck(name, next, before);
      }
      if (before != null && fingerprint.equals(before.getFingerprint())) {
        // found serving it by a read-back whose status write was lost, say
        return DomainOutcome.synced(markSynced(next, before.getRequestId(), before.getCertName()));
      }
      Optional<Instant> dueAt = dueAt(before);
      if (dueAt.isPresent() && dueAt.get().isAfter(now)) {
        return waiting(next, dueAt.get());
      }
      if (binding.getSpec().isSuspended()) {
        next.setState(DomainState.Pending);
        next.setMessage("suspended: would set " + fingerprint);
        return new DomainOutcome(next, Reasons.SUSPENDED, domain + ": suspended, would set " + fingerprint, Optional.empty());
      }
      if (credentials == null) {
        credentials = credentialsSupplier.get();
      }
      if (!(credentials instanceof CredentialsLookup.Found found)) {
        CredentialsLookup.Missing missing = (CredentialsLookup.Missing) credentials;
        next.setState(DomainState.Pending);
        next.setMessage(missing.message());
        return new DomainOutcome(next, missing.reason(), domain + ": " + missing.message(), Optional.empty());
      }
      if (before == null || before.getFingerprint() == null) {
        Optional<DomainOutcome> readBack = readBack(found.credentials(), name, next, before);
        if (readBack.isPresent()) {
          return readBack.get();
        }
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
      if (status.getLastCheckTime() != null && Instant.parse(status.getLastCheckTime()).isAfter(base)) {
        base = Instant.parse(status.getLastCheckTime());
      }
      double spread = 0.9 + 0.2 * ((status.getDomain().hashCode() & 0xffff) / 65535.0);
      return Optional.of(base.plusMillis((long) (interval.toMillis() * spread)));
    }

    /** Reads back what a synced domain serves; a change made elsewhere is put right with one upload. */
    private DomainOutcome driftCheck(String name, DomainStatus next, DomainStatus before) {
      if (credentials == null) {
        credentials = credentialsSupplier.get();
      }
      if (!(credentials instanceof CredentialsLookup.Found found)) {
        return DomainOutcome.synced(next, Optional.of(now.plus(settings.accountRecheck())));
      }
      CdnResult<ServedCertificate> served = cdn.describeCertificate(found.credentials(), name);
      if (served instanceof CdnResult.Success<ServedCertificate> s) {
        recordServed(next, s.value());
        if (servesCurrent(s.value())) {
          next.setLastCheckTime(timestamp(now));
          return DomainOutcome.synced(next, driftCheckAt(next));
        }
        DomainOutcome corrected = upload(found.credentials(), name, next, before, true);
        corrected.status().setLastCheckTime(timestamp(now));
        return corrected;
      }
      ApiError error = ((CdnResult.Failure<ServedCertificate>) served).error();
      Duration wait =
          error.errorClass() == ErrorClass.TRANSIENT
              ? settings.backoff(1, jitter.getAsDouble())
              : settings.accountRecheck();
      return DomainOutcome.synced(next, Optional.of(now.plus(wait)));
    }

    /** Without a record, see what the domain serves: no upload if it already serves the certificate. */
    private Optional<DomainOutcome> readBack(
        CdnCredentials credentials, String name, DomainStatus next, DomainStatus before) {
      CdnResult<ServedCertificate> served = cdn.describeCertificate(credentials, name);
      if (served instanceof CdnResult.Success<ServedCertificate> s) {
        recordServed(next, s.value());
        if (servesCurrent(s.value())) {
          markSynced(next, s.requestId(), s.value().certName());
          next.setLastCheckTime(timestamp(now));
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
        CdnCredentials credentials, String name, DomainStatus next, DomainStatus before, boolean drift) {
      String certName = certName();
      CdnResult<Void> result =
          cdn.setCertificate(
              new CertificateUpload(
                  credentials,
                  action(),
                  name,
                  certName,
                  binding.getSpec().getCertRegion() == null ? null : binding.getSpec().getCertRegion().wireValue(),
                  material.chainPem(),
                  new PrivateKeyPem(material.privateKeyPem().reveal())));
      if (result instanceof CdnResult.Success<Void> s) {
        deployments.add(new SyncReport.Deployment(next.getDomain(), material.fingerprint(), certName, s.requestId(), drift));
        markSynced(next, s.requestId(), certName);
        readBackAfterPush(credentials, name, next);
        return DomainOutcome.synced(next, driftCheckAt(next));
      }
      ApiError error = ((CdnResult.Failure<Void>) result).error();
      if (error.errorClass() == ErrorClass.ALREADY_UPLOADED) {
        // a retry after a lost answer: the store has it; verify what the domain serves
        CdnResult<ServedCertificate> served = cdn.describeCertificate(credentials, name);
        if (served instanceof CdnResult.Success<ServedCertificate> s && servesCurrent(s.value())) {
          return DomainOutcome.synced(markSynced(next, s.requestId(), certName));
        }
      }
      return failure(next, before, error);
    }

    /** Reads back what the domain serves after a push, and records its expiry. */
    private void readBackAfterPush(CdnCredentials credentials, String name, DomainStatus next) {
      CdnResult<ServedCertificate> served = cdn.describeCertificate(credentials, name);
      if (served instanceof CdnResult.Success<ServedCertificate> s) {
        recordServed(next, s.value());
        if (servesCurrent(s.value())) {
          next.setLastCheckTime(timestamp(now));
        }
      }
    }

    private void recordServed(DomainStatus next, ServedCertificate served) {
      next.setServedNotAfter(
          served.pem().flatMap(ServedCertificates::leaf).map(i -> timestamp(i.notAfter())).orElse(null));
    }

    private boolean servesCurrent(ServedCertificate served) {
      return served.httpsEnabled()
          && served.pem().flatMap(ServedCertificates::leafFingerprint).map(material.fingerprint()::equals).orElse(false);
    }

    private DomainStatus markSynced(DomainStatus next, String requestId, String certName) {
      next.setState(DomainState.Synced);
      next.setFingerprint(material.fingerprint());
      next.setCertName(certName);
      next.setLastSyncTime(timestamp(now));
      next.setLastAttemptTime(timestamp(now));
      next.setRequestId(requestId);
      next.setErrorCode(null);
      next.setMessage(null);
      next.setFailures(null);
      return next;
    }

    private DomainOutcome failure(DomainStatus next, DomainStatus before, ApiError error) {
      int failures =
          (inputsChanged || before == null || before.getFailures() == null ? 0 : before.getFailures()) + 1;
      ErrorClass errorClass = error.errorClass();
      next.setState(errorClass == ErrorClass.TRANSIENT ? DomainState.Pending : DomainState.Failed);
      next.setErrorCode(error.code());
      next.setMessage(error.message());
      next.setRequestId(error.requestId());
      next.setLastAttemptTime(timestamp(now));
      next.setFailures(failures);
      Optional<Instant> due = dueAt(next);
      String summary =
          next.getDomain()
              + ": "
              + error.describe()
              + ErrorHints.forCode(error.code()).map(h -> " (" + h + ")").orElse("");
      if (due.isPresent()) {
        summary += "; next attempt at " + timestamp(due.get());
      } else {
        summary += "; not retried until the Secret or the binding changes";
      }
      return new DomainOutcome(next, Reasons.fromApiCode(error.code()), summary, due);
    }

    private DomainOutcome waiting(DomainStatus kept, Instant dueAt) {
      String summary =
          kept.getDomain()
              + ": "
              + new ApiError(kept.getErrorCode(), kept.getMessage(), kept.getRequestId(), 0).describe()
              + "; next attempt at "
              + timestamp(dueAt);
      return new DomainOutcome(kept, Reasons.fromApiCode(kept.getErrorCode()), summary, Optional.of(dueAt));
    }

    /** When a domain that failed before may be tried again; empty means now, or never for FIX_INPUT. */
    private Optional<Instant> dueAt(DomainStatus status) {
      if (status == null || status.getErrorCode() == null || status.getLastAttemptTime() == null) {
        return Optional.empty();
      }
      Instant last = Instant.parse(status.getLastAttemptTime());
      int failures = status.getFailures() == null ? 1 : status.getFailures();
      return switch (io.certsync.cdn.cdn.ErrorClassifier.classify(status.getErrorCode(), 0)) {
        case TRANSIENT -> Optional.of(last.plus(settings.backoff(failures, jitter.getAsDouble())));
        case ACCOUNT_STATE, ALREADY_UPLOADED -> Optional.of(last.plus(settings.accountRecheck()));
        case FIX_INPUT -> inputsChanged ? Optional.empty() : Optional.of(Instant.MAX);
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
      String prefix = binding.getSpec().getCertNamePrefix();
      if (prefix == null || prefix.isBlank()) {
        prefix = binding.getMetadata().getNamespace() + "-" + binding.getSpec().getSecretName();
      }
      return CertNames.of(prefix, material.fingerprint());
    }
  }

  /** Nothing can be called: every domain keeps what it had, and is Synced only if it still serves the fingerprint. */
  private static SyncReport blocked(
      CdnCertificateBinding binding,
      CdnCertificateBindingStatus previous,
      Optional<CertificateInfo> certificate,
      String reason,
      String message) {
    List<DomainOutcome> outcomes = new ArrayList<>();
    for (String domain : binding.getSpec().getDomains()) {
      DomainStatus d = previous.domain(domain).orElseGet(() -> new DomainStatus(domain));
      DomainStatus next = d.copy();
      boolean stillServes =
          certificate.isPresent() && certificate.get().fingerprint().equals(d.getFingerprint());
      next.setState(stillServes ? DomainState.Synced : DomainState.Pending);
      outcomes.add(new DomainOutcome(next, reason, null, Optional.empty()));
    }
    return new SyncReport(
        certificate,
        Optional.of(new SyncReport.Blocker(reason, message)),
        outcomes,
        List.of(),
        Optional.empty());
  }

  private static byte[] decode(String base64) {
    if (base64 == null) {
      return null;
    }
    try {
      return Base64.getMimeDecoder().decode(base64.getBytes(StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      return new byte[] {'?'};
    }
  }

  static String timestamp(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
