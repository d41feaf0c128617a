package io.certsync.cdn.cloudapi;

import java.util.List;

/**
 * The port to the account's certificate store (Alibaba Certificate Management Service, "CAS", API
 * version 2020-04-07). Every CDN upload lands in it; names are unique per account.
 */
public interface CertificateStoreClient {

  /**
   * UploadUserCertificate: stores the chain and key under a name; answers the new entry's id and
   * name (its other facts come from {@link #detail}). The key is sent and never echoed.
   */
  CdnResult<StoredCertificate> upload(
      CdnCredentials credentials, String name, String chainPem, PrivateKeyPem privateKey);

  /** GetUserCertificateDetail with CertFilter=true: the entry's facts, no PEM material. */
  CdnResult<StoredCertificate> detail(CdnCredentials credentials, long certId);

  /**
   * ListUserCertificateOrder with OrderType=UPLOAD, every page, valid and expired entries: the
   * uploaded certificates whose name (or domain) matches the keyword, every one when it is blank.
   */
  CdnResult<List<StoredCertificate>> find(CdnCredentials credentials, String keyword);

  /** DeleteUserCertificate. The store does not check whether anything still uses it. */
  CdnResult<Void> delete(CdnCredentials credentials, long certId);

  /** ListCloudResources: every cloud resource (CDN domain, SLB, ...) that uses the entry. */
  CdnResult<List<CloudResource>> resourcesUsing(CdnCredentials credentials, long certId);
}
