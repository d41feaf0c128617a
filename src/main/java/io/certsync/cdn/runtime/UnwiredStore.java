package io.certsync.cdn.runtime;

import io.certsync.cdn.cloudapi.CdnCredentials;
import io.certsync.cdn.cloudapi.CdnResult;
import io.certsync.cdn.cloudapi.CertificateStoreClient;
import io.certsync.cdn.cloudapi.CloudResource;
import io.certsync.cdn.cloudapi.PrivateKeyPem;
import io.certsync.cdn.cloudapi.StoredCertificate;
import java.util.List;

/** MERGE: temporary until the CAS client lands. */
enum UnwiredStore implements CertificateStoreClient {
  INSTANCE;

  @Override
  public CdnResult<StoredCertificate> upload(
      CdnCredentials credentials, String name, String chainPem, PrivateKeyPem privateKey) {
    return CdnResult.networkFailure("no store client");
  }

  @Override
  public CdnResult<StoredCertificate> detail(CdnCredentials credentials, long certId) {
    return CdnResult.networkFailure("no store client");
  }

  @Override
  public CdnResult<List<StoredCertificate>> find(CdnCredentials credentials, String keyword) {
    return CdnResult.networkFailure("no store client");
  }

  @Override
  public CdnResult<Void> delete(CdnCredentials credentials, long certId) {
    return CdnResult.networkFailure("no store client");
  }

  @Override
  public CdnResult<List<CloudResource>> resourcesUsing(CdnCredentials credentials, long certId) {
    return CdnResult.networkFailure("no store client");
  }
}
