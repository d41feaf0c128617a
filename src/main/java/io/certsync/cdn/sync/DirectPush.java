package io.certsync.cdn.sync;

import io.certsync.cdn.certificate.TlsMaterial;
import io.certsync.cdn.cloudapi.AccountResolver;
import io.certsync.cdn.cloudapi.CdnAction;
import io.certsync.cdn.cloudapi.CdnCertificateClient;
import io.certsync.cdn.cloudapi.CdnCredentials;
import io.certsync.cdn.cloudapi.CertificateStoreClient;

/**
 * A one-shot push of a certificate to domains, outside any binding (the {@code push} command), on
 * the same store rules as the operator: the key is uploaded once, every other domain is bound by
 * the stored certificate's id, and a name the store already holds is looked up and bound.
 */
public final class DirectPush {

  /** One domain's end: done (uploaded or bound by id), or the error. */
  public record Outcome(boolean ok, boolean uploaded, String requestId, String error) {}

  private final CertificatePlacement placement;
  private final AccountResolver accounts;

  public DirectPush(
      CdnCertificateClient cdn, CertificateStoreClient store, AccountResolver accounts) {
    this.placement = new CertificatePlacement(cdn, store, new CertificateRegistry());
    this.accounts = accounts;
  }

  public Outcome push(
      CdnCredentials credentials,
      CdnAction action,
      String domain,
      String certName,
      String region,
      TlsMaterial material) {
    String key = CertificateRegistry.accountOf(accounts, credentials);
    CertificatePlacement.Placed placed =
        placement.place(
            new CertificatePlacement.Target(
                credentials,
                key,
                action,
                domain,
                certName,
                region,
                new DesiredCertificate.Uploaded(material)));
    if (placed instanceof CertificatePlacement.Placed.Done done) {
      return new Outcome(true, done.uploaded(), done.requestId(), null);
    }
    Failure failure = ((CertificatePlacement.Placed.Failed) placed).failure();
    return new Outcome(
        false,
        false,
        null,
        failure.error().describe() + " [" + Failure.statusName(failure.errorClass()) + "]");
  }
}
