package io.certsync.cdn.cloudapi;

/** The port to Alibaba Cloud CDN: set a domain's certificate, and read what a domain serves. */
public interface CdnCertificateClient {

  /** Uploads the chain and key and turns HTTPS on for the domain; answers the RequestId. */
  CdnResult<Void> setCertificate(CertificateUpload upload);

  /** Binds a certificate of Certificate Management Service by its id and turns HTTPS on. */
  CdnResult<Void> bindStoredCertificate(StoredCertificateBinding binding);

  /** Turns HTTPS off for the domain. */
  CdnResult<Void> disableHttps(CdnCredentials credentials, CdnAction action, String domain);

  /** Reads what the domain serves now. */
  CdnResult<ServedCertificate> describeCertificate(CdnCredentials credentials, String domain);
}
