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
import io.certsync.cdn.cdn.ErrorClass;
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
  /** The due time of a failure that only a change of input can clear. */
  private static final Instant NEVER = Instant.MAX;
  static final int MAX_DOMAINS = 100;
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
    if (spec.getDomains().size() > MAX_DOMAINS) {
      // the CRD refuses this; a server that skipped validation must not cause 101 calls
      return blocked(binding, previous, Optional.empty(), Reasons.DOMAIN_INVALID,
          "a binding has at most " + MAX_DOMAINS + " domains; this one lists " + spec.getDomains().size());
    }
    boolean generationChanged =
        !java.util.Objects.equals(previous.getObservedGeneration(), binding.getMetadata().getGeneration());
    if (spec.getCertId() != null) {
      return new Run(binding, previous, new DesiredCertificate.Stored(spec.getCertId()), Optional.empty(), credentials, now, generationChanged)
          .execute();
    }
    String where = "Secret " + binding.getMetadata().getNamespace() + "/" + spec.getSecretName();
    if (!isObjectName(spec.getSecretName())) {
      return blocked(binding, previous, Optional.empty(), Reasons.SECRET_NOT_FOUND,
          "secretName '" + spec.getSecretName() + "' is not a Secret name; Secrets are read from the binding's namespace "
              + binding.getMetadata().getNamespace() + " only");
    }
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
            || generationChanged;
    return new Run(binding, previous, new DesiredCertificate.Uploaded(material), Optional.of(material.info()), credentials, now, inputsChanged)
        .execute();
  }

  /** One sync of one binding; holds what the domains share. */
  private final class Run {
    private final CdnCertificateBinding binding;
    private final CdnCertificateBindingStatus previous;
    private final DesiredCertificate desired;
    private Optional<CertificateInfo> certificate;
    private final Supplier<CredentialsLookup> credentialsSupplier;
    private final Instant now;
    private final boolean inputsChanged;
    private final List<SyncReport.Deployment> deployments = new ArrayList<>();
    private CredentialsLookup credentials;

    Run(
        CdnCertificateBinding binding,
        CdnCertificateBindingStatus previous,
        DesiredCertificate desired,
        Optional<CertificateInfo> certificate,
        Supplier<CredentialsLookup> credentials,
        Instant now,
        boolean inputsChanged) {
      this.binding = binding;
      this.previous = previous;
      this.desired = desired;
      this.certificate = certificate;
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
      if (certificate.isEmpty() && desired instanceof DesiredCertificate.Stored) {
        // a stored certificate is known only by what the domains serve
        certificate = Optional.ofNullable(previous.getCertificate()).map(BindingSynchronizer::info);
      }
      return new SyncReport(certificate, blocker, outcomes, deployments, recheck);
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
        return DomainOutcome.synced(markSynced(next, before.getRequestId(), before.getCertName(), Optional.empty()));
      }
      Optional<Instant> dueAt = dueAt(before);
      if (dueAt.isPresent() && dueAt.get().isAfter(now)) {
        return waiting(next, dueAt.get());
      }
      if (binding.getSpec().isSuspended()) {
        next.setState(DomainState.Pending);
        next.setMessage("suspended: would set " + desired.describe());
        return new DomainOutcome(next, Reasons.SUSPENDED, domain + ": suspended, would set " + desired.describe(), Optional.empty());
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
        if (desired.servedBy(s.value())) {
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

    /** What the domain serves now: no upload if it already serves the certificate. */
    private Optional<DomainOutcome> readBack(
        CdnCredentials credentials, String name, DomainStatus next, DomainStatus before) {
      CdnResult<ServedCertificate> served = cdn.describeCertificate(credentials, name);
      if (served instanceof CdnResult.Success<ServedCertificate> s) {
        recordServed(next, s.value());
        if (desired.servedBy(s.value())) {
          markSynced(next, s.requestId(), s.value().certName(), Optional.of(s.value()));
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
          desired.push(
              cdn,
              credentials,
              action(),
              name,
              certName,
              binding.getSpec().getCertRegion() == null ? null : binding.getSpec().getCertRegion().wireValue());
      if (result instanceof CdnResult.Success<Void> s) {
        Optional<ServedCertificate> served = readBackAfterPush(credentials, name, next);
        markSynced(next, s.requestId(), certName, served);
        deployments.add(new SyncReport.Deployment(next.getDomain(), desired.describe(), next.getCertName(), s.requestId(), drift));
        return DomainOutcome.synced(next, driftCheckAt(next));
      }
      ApiError error = ((CdnResult.Failure<Void>) result).error();
      if (error.errorClass() == ErrorClass.ALREADY_UPLOADED) {
        // a retry after a lost answer: the store has it; verify what the domain serves
        CdnResult<ServedCertificate> served = cdn.describeCertificate(credentials, name);
        if (served instanceof CdnResult.Success<ServedCertificate> s && desired.servedBy(s.value())) {
          return DomainOutcome.synced(markSynced(next, s.requestId(), certName, Optional.of(s.value())));
        }
      }
      return failure(next, before, error);
    }

    /** Reads back what the domain serves after a push, and records its expiry. */
    private Optional<ServedCertificate> readBackAfterPush(CdnCredentials credentials, String name, DomainStatus next) {
      CdnResult<ServedCertificate> served = cdn.describeCertificate(credentials, name);
      if (served instanceof CdnResult.Success<ServedCertificate> s) {
        recordServed(next, s.value());
        if (desired.servedBy(s.value())) {
          next.setLastCheckTime(timestamp(now));
          return Optional.of(s.value());
        }
      }
      return Optional.empty();
    }

    private void recordServed(DomainStatus next, ServedCertificate served) {
      Optional<CertificateInfo> info = served.pem().flatMap(ServedCertificates::leaf);
      next.setServedNotAfter(info.map(i -> timestamp(i.notAfter())).orElse(null));
      if (certificate.isEmpty() && desired.servedBy(served)) {
        certificate = info;
      }
    }

    private DomainStatus markSynced(
        DomainStatus next, String requestId, String certName, Optional<ServedCertificate> served) {
      next.setState(DomainState.Synced);
      next.setCertName(certName);
      desired.record(next, served);
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
      Optional<Instant> due = dueAt(next).filter(t -> !t.equals(NEVER));
      String summary =
          next.getDomain()
              + ": "
              + error.describe()
              + ErrorHints.forCode(error.code()).map(h -> " (" + h + ")").orElse("")
              + retryNote(due);
      return new DomainOutcome(next, Reasons.fromApiCode(error.code()), summary, due);
    }

    private DomainOutcome waiting(DomainStatus kept, Instant dueAt) {
      Optional<Instant> due = Optional.of(dueAt).filter(t -> !t.equals(NEVER));
      String summary =
          kept.getDomain()
              + ": "
              + new ApiError(kept.getErrorCode(), kept.getMessage(), kept.getRequestId(), 0).describe()
              + ErrorHints.forCode(kept.getErrorCode()).map(h -> " (" + h + ")").orElse("")
              + retryNote(due);
      return new DomainOutcome(kept, Reasons.fromApiCode(kept.getErrorCode()), summary, due);
    }

    private String retryNote(Optional<Instant> due) {
      return due.map(t -> "; next attempt at " + timestamp(t))
          .orElse("; not retried until the Secret or the binding changes");
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
        case FIX_INPUT -> inputsChanged ? Optional.empty() : Optional.of(NEVER);
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

  private static final Pattern OBJECT_NAME = Pattern.compile("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$");

  /** A DNS-subdomain object name: never a path, so a lookup cannot leave the binding's namespace. */
  public static boolean isObjectName(String name) {
    return name != null && OBJECT_NAME.matcher(name).matches();
  }

  /** Certificate facts as status recorded them. */
  private static CertificateInfo info(io.certsync.cdn.api.v1alpha1.CertificateFacts facts) {
    return new CertificateInfo(
        facts.getFingerprint(),
        facts.getSerialNumber(),
        null,
        null,
        facts.getNotBefore() == null ? null : Instant.parse(facts.getNotBefore()),
        facts.getNotAfter() == null ? null : Instant.parse(facts.getNotAfter()),
        facts.getDnsNames() == null ? List.of() : facts.getDnsNames(),
        null);
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
