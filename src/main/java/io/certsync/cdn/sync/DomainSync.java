package io.certsync.cdn.sync;

import io.certsync.cdn.api.v1alpha1.DomainState;
import io.certsync.cdn.api.v1alpha1.DomainStatus;
import io.certsync.cdn.certificate.CertificateInfo;
import io.certsync.cdn.certificate.ServedCertificates;
import io.certsync.cdn.cloudapi.CdnResult;
import io.certsync.cdn.cloudapi.ErrorClass;
import io.certsync.cdn.cloudapi.ServedCertificate;
import java.time.Instant;
import java.util.Optional;

/**
 * Carries out one domain's decision: the calls it needs (read, then upload or bind by id, then read
 * back), and the new status entry, with a failure's retry decision written into it when it is made.
 */
final class DomainSync {

  private final BindingSync run;

  DomainSync(BindingSync run) {
    this.run = run;
  }

  DomainOutcome act(String domain, String name, DomainStatus before, DomainDecision decision) {
    DomainStatus next = before == null ? new DomainStatus(domain) : before.copy();
    if (decision instanceof DomainDecision.Keep keep) {
      boolean readBackRetry =
          before != null
              && before.getState() == DomainState.Synced
              && before.getErrorClass() == null
              && before.getNextAttemptTime() != null;
      // a failed read-back's retry stays in status until a read-back succeeds
      return DomainOutcome.synced(
          readBackRetry ? next : clearFailure(synced(next)), keep.nextCheck());
    }
    if (decision instanceof DomainDecision.Reject reject) {
      return rejected(next, reject);
    }
    if (decision instanceof DomainDecision.Wait wait) {
      return new DomainOutcome(next, reasonOf(next), Optional.of(wait.until()));
    }
    if (decision instanceof DomainDecision.Hold) {
      return new DomainOutcome(next, reasonOf(next), Optional.empty());
    }
    if (decision instanceof DomainDecision.Suspend) {
      return suspended(next);
    }
    if (decision instanceof DomainDecision.CheckDrift) {
      return checkDrift(name, next, before);
    }
    return write(name, next, before, false);
  }

  private DomainOutcome write(String name, DomainStatus next, DomainStatus before, boolean drift) {
    if (!(run.credentials() instanceof CredentialsLookup.Found found)) {
      CredentialsLookup.Missing missing = (CredentialsLookup.Missing) run.credentials();
      next.setState(DomainState.Pending);
      next.setMessage(missing.message());
      return new DomainOutcome(next, missing.reason(), Optional.empty());
    }
    if (!drift) {
      // Look before writing: the domain may already serve it (a new binding, a lost status write,
      // an answer lost on the way back, a restart mid-push). Reads have their own, higher limit.
      CdnResult<ServedCertificate> served =
          run.cdn().describeCertificate(found.credentials(), name);
      if (served instanceof CdnResult.Failure<ServedCertificate> f) {
        return failed(next, before, Failure.of(f.error()));
      }
      ServedCertificate now = ((CdnResult.Success<ServedCertificate>) served).value();
      recordServed(next, now);
      if (run.desired().servedBy(now)) {
        run.learned(now);
        markSynced(
            next, ((CdnResult.Success<ServedCertificate>) served).requestId(), now.certName());
        run.desired().record(next, Optional.of(now));
        next.setLastCheckTime(run.timestamp());
        return DomainOutcome.synced(next, driftCheckAt(next));
      }
    }
    CertificatePlacement.Placed placed =
        run.placement().place(run.target(found.credentials(), name));
    if (placed instanceof CertificatePlacement.Placed.Failed f) {
      run.refused(next.getDomain(), f.failure().error().code());
      return failed(next, before, f.failure());
    }
    CertificatePlacement.Placed.Done done = (CertificatePlacement.Placed.Done) placed;
    done.served().ifPresent(s -> recordServed(next, s));
    markSynced(
        next, done.requestId() == null ? next.getRequestId() : done.requestId(), done.certName());
    run.desired().record(next, done.served());
    if (done.served().filter(run.desired()::servedBy).isPresent()) {
      next.setLastCheckTime(run.timestamp());
    }
    if (done.requestId() != null) {
      run.deployed(next, done, drift);
    }
    return DomainOutcome.synced(next, driftCheckAt(next));
  }

  /**
   * Reads back what a synced domain serves; a change made elsewhere is put right with one write.
   */
  private DomainOutcome checkDrift(String name, DomainStatus next, DomainStatus before) {
    if (!(run.credentials() instanceof CredentialsLookup.Found found)) {
      return DomainOutcome.synced(
          next, Optional.of(run.now().plus(run.settings().accountRecheck())));
    }
    CdnResult<ServedCertificate> served = run.cdn().describeCertificate(found.credentials(), name);
    if (served instanceof CdnResult.Failure<ServedCertificate> f) {
      // still synced as far as anyone knows: look again when the backoff decided now says, and
      // remember that decision (a failed read-back grows its backoff like a failed write)
      int failures =
          (next.getNextAttemptTime() != null && next.getFailures() != null ? next.getFailures() : 0)
              + 1;
      Instant again =
          run.retry()
              .nextAttempt(f.error().errorClass(), failures, run.now())
              .orElse(run.now().plus(run.settings().driftCheckInterval()));
      next.setFailures(failures);
      next.setNextAttemptTime(Timestamps.precise(again));
      return DomainOutcome.synced(next, Optional.of(again));
    }
    ServedCertificate now = ((CdnResult.Success<ServedCertificate>) served).value();
    recordServed(next, now);
    next.setLastCheckTime(run.timestamp());
    next.setFailures(null);
    next.setNextAttemptTime(null);
    if (run.desired().servedBy(now)) {
      run.learned(now);
      return DomainOutcome.synced(next, driftCheckAt(next));
    }
    next.setFingerprint(null); // it no longer serves what status said
    next.setCertId(now.certId());
    return write(name, next, before, true);
  }

  private DomainOutcome failed(DomainStatus next, DomainStatus before, Failure failure) {
    boolean continuing = !run.inputsChanged() && before != null && before.getErrorClass() != null;
    int failures = (continuing && before.getFailures() != null ? before.getFailures() : 0) + 1;
    Optional<Instant> due = run.retry().nextAttempt(failure.errorClass(), failures, run.now());
    next.setState(
        failure.errorClass() == ErrorClass.TRANSIENT ? DomainState.Pending : DomainState.Failed);
    next.setErrorCode(failure.error().code());
    next.setMessage(failure.error().message());
    next.setRequestId(failure.error().requestId());
    next.setHttpStatus(failure.error().httpStatus());
    next.setErrorClass(Failure.statusName(failure.errorClass()));
    next.setLastAttemptTime(run.timestamp());
    next.setNextAttemptTime(due.map(Timestamps::precise).orElse(null));
    next.setFailures(failures);
    return new DomainOutcome(next, Reasons.fromApiCode(failure.error().code()), due);
  }

  private DomainOutcome rejected(DomainStatus next, DomainDecision.Reject reject) {
    clearFailure(next);
    // not this binding's to serve now: what it last set is no longer known to be there
    next.setFingerprint(null);
    next.setCertId(null);
    next.setState(DomainState.Failed);
    next.setMessage(reject.message());
    return new DomainOutcome(next, reject.reason(), Optional.empty());
  }

  private DomainOutcome suspended(DomainStatus next) {
    next.setState(DomainState.Pending);
    next.setMessage("suspended: would set " + run.desired().describe());
    return new DomainOutcome(next, Reasons.SUSPENDED, Optional.empty());
  }

  private void markSynced(DomainStatus next, String requestId, String certName) {
    synced(next);
    next.setCertName(certName);
    next.setLastSyncTime(run.timestamp());
    next.setLastAttemptTime(run.timestamp());
    next.setRequestId(requestId);
    clearFailure(next);
  }

  private void recordServed(DomainStatus next, ServedCertificate served) {
    Optional<CertificateInfo> info = served.pem().flatMap(ServedCertificates::leaf);
    next.setServedNotAfter(info.map(i -> Timestamps.format(i.notAfter())).orElse(null));
    if (run.desired().servedBy(served)) {
      info.ifPresent(run::servedCertificate);
    }
  }

  private Optional<Instant> driftCheckAt(DomainStatus status) {
    return DomainDecider.driftCheckAt(status, run.settings().driftCheckInterval());
  }

  private static DomainStatus synced(DomainStatus status) {
    status.setState(DomainState.Synced);
    return status;
  }

  private static DomainStatus clearFailure(DomainStatus status) {
    status.setErrorCode(null);
    status.setMessage(null);
    status.setFailures(null);
    status.setErrorClass(null);
    status.setHttpStatus(null);
    status.setNextAttemptTime(null);
    return status;
  }

  /** The reason a kept failure shows: its API code's, or Pending's. */
  private static String reasonOf(DomainStatus status) {
    return status.getErrorCode() == null
        ? Reasons.RECONCILING
        : Reasons.fromApiCode(status.getErrorCode());
  }
}
