package io.certsync.cdn.sync;

import io.certsync.cdn.cloudapi.ApiError;
import io.certsync.cdn.cloudapi.CdnAction;
import io.certsync.cdn.cloudapi.CdnCertificateClient;
import io.certsync.cdn.cloudapi.CdnCredentials;
import io.certsync.cdn.cloudapi.CdnResult;
import io.certsync.cdn.cloudapi.CertificateStoreClient;
import io.certsync.cdn.cloudapi.CertificateUpload;
import io.certsync.cdn.cloudapi.ErrorClass;
import io.certsync.cdn.cloudapi.PrivateKeyPem;
import io.certsync.cdn.cloudapi.ServedCertificate;
import io.certsync.cdn.cloudapi.StoredCertificate;
import io.certsync.cdn.cloudapi.StoredCertificateBinding;
import java.util.List;
import java.util.Optional;

/**
 * Makes one domain serve the desired certificate with as little key traffic as the store allows:
 * the first domain of an account uploads it (through the CDN write API, so a mass renewal keeps the
 * CDN's 30 writes/s instead of the store's 10/s), every other domain is bound by the store id. A
 * name the store already holds means "find that entry and bind by it", never a stuck domain.
 */
final class CertificatePlacement {

  /** Where and what to write. */
  record Target(
      CdnCredentials credentials,
      String account,
      CdnAction action,
      String domain,
      String certName,
      String region,
      DesiredCertificate desired) {}

  /** A write's end: done (with the read-back after it), or failed. */
  sealed interface Placed {
    record Done(
        String requestId, String certName, boolean uploaded, Optional<ServedCertificate> served)
        implements Placed {}

    record Failed(Failure failure) implements Placed {}
  }

  private final CdnCertificateClient cdn;
  private final CertificateStoreClient store;
  private final CertificateRegistry registry;

  CertificatePlacement(
      CdnCertificateClient cdn, CertificateStoreClient store, CertificateRegistry registry) {
    this.cdn = cdn;
    this.store = store;
    this.registry = registry;
  }

  Placed place(Target target) {
    if (target.desired() instanceof DesiredCertificate.Stored stored) {
      return bind(target, stored.certId(), "cas-" + stored.certId());
    }
    DesiredCertificate.Uploaded uploaded = (DesiredCertificate.Uploaded) target.desired();
    if (target.action() == CdnAction.SetDomainServerCertificate) {
      // the legacy API binds stored certificates by name only: it uploads, ForceSet=1 makes a
      // second domain's upload replace the entry of the same name with the same certificate
      return upload(target, uploaded);
    }
    CertificateRegistry.Key key =
        new CertificateRegistry.Key(target.account(), uploaded.fingerprint());
    for (int attempt = 0; attempt < 2; attempt++) {
      CertificateRegistry.Claim claim = registry.claim(key);
      if (claim instanceof CertificateRegistry.Claim.Refused refused) {
        return new Placed.Failed(refused.failure());
      }
      if (claim instanceof CertificateRegistry.Claim.Lookup) {
        Optional<Long> listed = listedId(target, uploaded);
        if (listed.isEmpty()) {
          return notListedYet(target);
        }
        registry.remember(key, listed.get());
        return bind(target, listed.get(), target.certName());
      }
      if (claim instanceof CertificateRegistry.Claim.Known known) {
        Placed bound = bind(target, known.certId(), target.certName());
        if (bound instanceof Placed.Failed f
            && "Certificate.NotFind".equals(f.failure().error().code())) {
          registry.forget(key, known.certId()); // deleted from the store: upload it again
          continue;
        }
        return bound;
      }
      return uploadOnce(target, uploaded, (CertificateRegistry.Claim.Upload) claim);
    }
    // an id learned again and refused again: let the store settle rather than send the key
    return notListedYet(target);
  }

  private static Placed notListedYet(Target target) {
    return new Placed.Failed(
        new Failure(
            new ApiError(
                "Certificate.NotListedYet",
                "the certificate store holds "
                    + target.certName()
                    + " but does not list it under a usable id yet; looking again",
                null,
                0),
            ErrorClass.TRANSIENT));
  }

  /** This domain uploads for every domain of the account waiting on the same certificate. */
  private Placed uploadOnce(
      Target target, DesiredCertificate.Uploaded uploaded, CertificateRegistry.Claim.Upload claim) {
    CertificateRegistry.UploadEnd end = new CertificateRegistry.UploadEnd.Inconclusive();
    try {
      Placed placed = upload(target, uploaded);
      if (placed instanceof Placed.Done done) {
        // the id the domain now serves, if the read-back shows this certificate (it may lag and
        // still show the old one), else the store's listing; never a reason to upload again
        Optional<Long> id =
            done.served()
                .filter(target.desired()::servedBy)
                .flatMap(CertificatePlacement::certId)
                .or(() -> listedId(target, uploaded));
        end =
            id.<CertificateRegistry.UploadEnd>map(CertificateRegistry.UploadEnd.Stored::new)
                .orElseGet(CertificateRegistry.UploadEnd.Uploaded::new);
        return placed;
      }
      Failure failure = ((Placed.Failed) placed).failure();
      if (failure.errorClass() != ErrorClass.ALREADY_UPLOADED) {
        if (failure.errorClass() == ErrorClass.FIX_INPUT) {
          end = new CertificateRegistry.UploadEnd.Refused(failure);
        }
        return placed;
      }
      // the name is taken: a lost answer, a restart, another binding or an earlier run
      Optional<ServedCertificate> served = read(target);
      if (served.isPresent() && target.desired().servedBy(served.get())) {
        Optional<Long> id = certId(served.get());
        if (id.isPresent()) {
          end = new CertificateRegistry.UploadEnd.Stored(id.get());
        }
        return new Placed.Done(null, target.certName(), false, served);
      }
      NameLookup found = idByName(target, uploaded, failure.error());
      if (found instanceof NameLookup.NotFound notFound) {
        if (notFound.failure().errorClass() == ErrorClass.FIX_INPUT) {
          end = new CertificateRegistry.UploadEnd.Refused(notFound.failure());
        }
        return new Placed.Failed(notFound.failure());
      }
      long certId = ((NameLookup.Found) found).certId();
      end = new CertificateRegistry.UploadEnd.Stored(certId);
      return bind(target, certId, target.certName());
    } finally {
      registry.finish(claim, end);
    }
  }

  private Placed upload(Target target, DesiredCertificate.Uploaded uploaded) {
    CdnResult<Void> result =
        cdn.setCertificate(
            new CertificateUpload(
                target.credentials(),
                target.action(),
                target.domain(),
                target.certName(),
                target.region(),
                uploaded.material().chainPem(),
                new PrivateKeyPem(uploaded.material().privateKeyPem().reveal())));
    if (result instanceof CdnResult.Failure<Void> f) {
      return new Placed.Failed(Failure.of(f.error()));
    }
    Optional<ServedCertificate> served = read(target);
    served
        .filter(target.desired()::servedBy)
        .flatMap(CertificatePlacement::certId)
        .ifPresent(
            id ->
                registry.remember(
                    new CertificateRegistry.Key(target.account(), uploaded.fingerprint()), id));
    return new Placed.Done(
        ((CdnResult.Success<Void>) result).requestId(), target.certName(), true, served);
  }

  private Placed bind(Target target, long certId, String certName) {
    CdnResult<Void> result =
        cdn.bindStoredCertificate(
            new StoredCertificateBinding(
                target.credentials(), target.domain(), certId, target.region()));
    if (result instanceof CdnResult.Failure<Void> f) {
      if (f.error().errorClass() == ErrorClass.ALREADY_UPLOADED) {
        // an answer lost after the binding was applied: what the domain serves says
        Optional<ServedCertificate> served = read(target);
        if (served.filter(target.desired()::servedBy).isPresent()) {
          return new Placed.Done(null, certName, false, served);
        }
      }
      return new Placed.Failed(Failure.of(f.error()));
    }
    return new Placed.Done(
        ((CdnResult.Success<Void>) result).requestId(), certName, false, read(target));
  }

  /** What the domain serves now, if the read succeeds. */
  private Optional<ServedCertificate> read(Target target) {
    CdnResult<ServedCertificate> served =
        cdn.describeCertificate(target.credentials(), target.domain());
    return served instanceof CdnResult.Success<ServedCertificate> s
        ? Optional.of(s.value())
        : Optional.empty();
  }

  /** The store entry holding our name and our certificate: its id, or why there is none. */
  private sealed interface NameLookup {
    record Found(long certId) implements NameLookup {}

    record NotFound(Failure failure) implements NameLookup {}
  }

  private NameLookup idByName(
      Target target, DesiredCertificate.Uploaded uploaded, ApiError refusal) {
    // by the certificate's domain: the store's fuzzy Keyword matches domains in every reading of
    // its documentation (names only in some); the name and fingerprint are checked below
    CdnResult<List<StoredCertificate>> found =
        store.find(target.credentials(), keywordOf(uploaded, target.certName()));
    if (found instanceof CdnResult.Failure<List<StoredCertificate>> f) {
      ApiError error = f.error();
      if (error.errorClass() == ErrorClass.ACCOUNT_STATE) {
        error =
            new ApiError(
                error.code(),
                (error.message() == null ? "" : error.message())
                    + " (finding the certificate already in the store needs the RAM action"
                    + " yundun-cert:ListUserCertificateOrder)",
                error.requestId(),
                error.httpStatus());
      }
      return new NameLookup.NotFound(Failure.of(error));
    }
    List<StoredCertificate> entries =
        ((CdnResult.Success<List<StoredCertificate>>) found)
            .value().stream().filter(e -> target.certName().equals(e.name())).toList();
    for (StoredCertificate entry : entries) {
      if (uploaded.storeFingerprint().equalsIgnoreCase(entry.sha1Fingerprint())) {
        return new NameLookup.Found(entry.id());
      }
    }
    if (!entries.isEmpty()) {
      return new NameLookup.NotFound(
          new Failure(
              new ApiError(
                  refusal.code(),
                  "the certificate store holds the name "
                      + target.certName()
                      + " for another certificate (id "
                      + entries.get(0).id()
                      + "); set spec.certNamePrefix to a name of your own",
                  refusal.requestId(),
                  refusal.httpStatus()),
              ErrorClass.FIX_INPUT));
    }
    // the store's listing can lag its uploads by tens of seconds
    return new NameLookup.NotFound(
        new Failure(
            new ApiError(
                refusal.code(),
                "the certificate store refuses the name "
                    + target.certName()
                    + " as taken but does not list it yet; looking again",
                refusal.requestId(),
                refusal.httpStatus()),
            ErrorClass.TRANSIENT));
  }

  /** The id of the store entry under our name holding this certificate, if listed and readable. */
  private Optional<Long> listedId(Target target, DesiredCertificate.Uploaded uploaded) {
    CdnResult<List<StoredCertificate>> found =
        store.find(target.credentials(), keywordOf(uploaded, target.certName()));
    if (!(found instanceof CdnResult.Success<List<StoredCertificate>> listed)) {
      return Optional.empty();
    }
    return listed.value().stream()
        .filter(e -> target.certName().equals(e.name()))
        .filter(e -> uploaded.storeFingerprint().equalsIgnoreCase(e.sha1Fingerprint()))
        .map(StoredCertificate::id)
        .findFirst();
  }

  /** The leaf's first DNS name, a wildcard's without its {@code *.}; else the name. */
  static String keywordOf(DesiredCertificate.Uploaded uploaded, String certName) {
    return uploaded.material().info().dnsNames().stream()
        .findFirst()
        .map(n -> n.startsWith("*.") ? n.substring(2) : n)
        .orElse(certName);
  }

  private static Optional<Long> certId(ServedCertificate served) {
    return CertificateRegistry.parseId(served.certId());
  }
}
