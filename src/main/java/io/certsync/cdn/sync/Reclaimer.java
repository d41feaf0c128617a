package io.certsync.cdn.sync;

import io.certsync.cdn.api.v1alpha1.CdnCertificateBinding;
import io.certsync.cdn.api.v1alpha1.CdnCertificateBindingStatus;
import io.certsync.cdn.api.v1alpha1.CertificateFacts;
import io.certsync.cdn.api.v1alpha1.DomainState;
import io.certsync.cdn.api.v1alpha1.PendingReclaim;
import io.certsync.cdn.cloudapi.ApiError;
import io.certsync.cdn.cloudapi.CdnCredentials;
import io.certsync.cdn.cloudapi.CdnResult;
import io.certsync.cdn.cloudapi.CertificateStoreClient;
import io.certsync.cdn.cloudapi.CloudResource;
import io.certsync.cdn.cloudapi.StoredCertificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * {@code reclaimPolicy: Delete}: deletes from the store a certificate the binding uploaded, once no
 * domain of the binding serves it (read back), no other cloud resource uses it
 * (ListCloudResources), and the grace period has passed since it fell out of use. An entry whose
 * name is not the one this binding gives that certificate was not uploaded by it and is never
 * deleted. Pending reclaims live in status, so they survive restarts.
 */
final class Reclaimer {

  static final Duration RETRY_FLOOR = Duration.ofMinutes(1);

  private final CertificateStoreClient store;
  private final RetryPolicy retry;

  Reclaimer(CertificateStoreClient store, RetryPolicy retry) {
    this.store = store;
    this.retry = retry;
  }

  SyncReport reclaim(
      CdnCertificateBinding binding,
      CdnCertificateBindingStatus previous,
      SyncReport report,
      Supplier<CredentialsLookup> credentials,
      Instant now) {
    if (binding.getSpec().getCertId() != null || report.certificate().isEmpty()) {
      // a stored certificate was not uploaded by the binding, or the Secret cannot be read now:
      // what is pending stays pending
      return withReclaims(
          report, previous.getReclaims() == null ? List.of() : previous.getReclaims(), List.of());
    }
    String current = report.certificate().get().fingerprint();
    List<PendingReclaim> pending = new ArrayList<>();
    if (previous.getReclaims() != null) {
      previous.getReclaims().stream()
          .filter(r -> !current.equals(r.getFingerprint())) // rolled back to it: keep it
          .map(PendingReclaim::copy)
          .forEach(pending::add);
    }
    CertificateFacts old = previous.getCertificate();
    if (old != null
        && old.getCertId() != null
        && !current.equals(old.getFingerprint())
        && pending.stream().noneMatch(r -> old.getCertId().equals(r.getCertId()))) {
      PendingReclaim superseded = new PendingReclaim(old.getCertId(), old.getFingerprint(), null);
      superseded.setMessage("waiting for every domain to move to the new certificate");
      pending.add(superseded);
    }
    boolean allMoved =
        report.blocker().isEmpty()
            && report.domains().stream().allMatch(d -> d.status().getState() == DomainState.Synced);
    List<SyncReport.Reclaimed> reclaimed = new ArrayList<>();
    List<PendingReclaim> kept = new ArrayList<>();
    for (PendingReclaim r : pending) {
      boolean servedHere =
          report.domains().stream().anyMatch(d -> r.getCertId().equals(d.status().getCertId()));
      if (r.getUnusedSince() == null || servedHere) {
        if (allMoved && !servedHere) {
          unusedFrom(r, now);
        } else if (servedHere) {
          // back in use here: nothing to check until the domains move off it again
          r.setUnusedSince(null);
          r.setNextCheckTime(null);
        }
        kept.add(r);
        continue;
      }
      if (r.getNextCheckTime() != null && Instant.parse(r.getNextCheckTime()).isAfter(now)) {
        kept.add(r);
        continue;
      }
      if (!(credentials.get() instanceof CredentialsLookup.Found found)) {
        held(
            r,
            null,
            "no credentials to check it with",
            now.plus(retry.settings().accountRecheck()));
        kept.add(r);
        continue;
      }
      Optional<SyncReport.Reclaimed> done = check(binding, r, found.credentials(), now);
      if (done.isPresent()) {
        reclaimed.add(done.get());
      } else if (r.getCertId() != null) {
        kept.add(r);
      }
    }
    return withReclaims(report, kept, reclaimed);
  }

  private static SyncReport withReclaims(
      SyncReport report, List<PendingReclaim> pending, List<SyncReport.Reclaimed> reclaimed) {
    return new SyncReport(
        report.certificate(),
        report.certId(),
        report.blocker(),
        report.domains(),
        report.deployments(),
        report.refusedWrites(),
        List.copyOf(pending),
        List.copyOf(reclaimed),
        report.recheckAt());
  }

  /**
   * Deletes the entry if it is ours and unused; otherwise records why it stays. Clears the certId
   * of an entry to drop from the list.
   */
  private Optional<SyncReport.Reclaimed> check(
      CdnCertificateBinding binding, PendingReclaim r, CdnCredentials credentials, Instant now) {
    Optional<Long> parsed = CertificateRegistry.parseId(r.getCertId());
    if (parsed.isEmpty()) {
      r.setCertId(null); // not a store id: nothing this binding could delete
      return Optional.empty();
    }
    long id = parsed.get();
    CdnResult<StoredCertificate> detail = store.detail(credentials, id);
    if (detail instanceof CdnResult.Failure<StoredCertificate> f) {
      if (f.error().code().startsWith("Certificate.NotFind")
          || f.error().code().equals("NotFound")) {
        r.setCertId(null); // already gone
        return Optional.empty();
      }
      failed(r, f.error(), "yundun-cert:GetUserCertificateDetail", now);
      return Optional.empty();
    }
    String ours = CertNames.of(binding, r.getFingerprint());
    if (!ours.equals(((CdnResult.Success<StoredCertificate>) detail).value().name())) {
      r.setCertId(null); // not uploaded by this binding: never deleted
      return Optional.empty();
    }
    CdnResult<List<CloudResource>> users = store.resourcesUsing(credentials, id);
    if (users instanceof CdnResult.Failure<List<CloudResource>> f) {
      failed(r, f.error(), "yundun-cert:ListCloudResources", now);
      return Optional.empty();
    }
    List<CloudResource> using = ((CdnResult.Success<List<CloudResource>>) users).value();
    if (!using.isEmpty()) {
      unusedFrom(r, now); // the grace period starts again once they move off it
      r.setMessage(
          "still used by "
              + using.stream()
                  .map(u -> u.cloudProduct() + " " + u.domain())
                  .collect(Collectors.joining(", ")));
      return Optional.empty();
    }
    CdnResult<Void> deleted = store.delete(credentials, id);
    if (deleted instanceof CdnResult.Failure<Void> f) {
      failed(r, f.error(), "yundun-cert:DeleteUserCertificate", now);
      return Optional.empty();
    }
    return Optional.of(new SyncReport.Reclaimed(r.getCertId(), r.getFingerprint()));
  }

  private void unusedFrom(PendingReclaim r, Instant now) {
    r.setUnusedSince(Timestamps.format(now));
    r.setNextCheckTime(Timestamps.format(now.plus(retry.settings().reclaimGracePeriod())));
    r.setErrorCode(null);
    r.setMessage("deleted from the store at " + r.getNextCheckTime() + " if nothing uses it then");
  }

  private void failed(PendingReclaim r, ApiError error, String ramAction, Instant now) {
    // reclaiming is hygiene, never urgent: no faster than once a minute, whatever the error
    Instant backoff =
        retry
            .nextAttempt(error.errorClass(), 1, now)
            .orElse(now.plus(retry.settings().accountRecheck()));
    Instant floor = now.plus(RETRY_FLOOR);
    Instant next = backoff.isAfter(floor) ? backoff : floor;
    String hint =
        switch (error.errorClass()) {
          case ACCOUNT_STATE -> " (grant the RAM action " + ramAction + " to reclaim certificates)";
          default -> "";
        };
    held(r, error.code(), error.describe() + hint, next);
  }

  private static void held(PendingReclaim r, String code, String message, Instant next) {
    r.setErrorCode(code);
    r.setMessage(message);
    r.setNextCheckTime(Timestamps.format(next));
  }
}
