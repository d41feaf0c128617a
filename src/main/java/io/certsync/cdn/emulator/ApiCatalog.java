package io.certsync.cdn.emulator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The emulated actions: the product and API version each belongs to, and its default limit. */
final class ApiCatalog {

  /** An emulated product: its API version and the host named in its error answers. */
  enum Product {
    CDN("2018-05-10", "cdn.aliyuncs.com"),
    CAS("2020-04-07", "cas.aliyuncs.com"),
    STS("2015-04-01", "sts.aliyuncs.com");

    final String version;
    final String host;

    Product(String version, String host) {
      this.version = version;
      this.host = host;
    }
  }

  /** One action: its product and documented calls per second per account. */
  record Api(Product product, int limit) {}

  private static final Map<String, Api> ACTIONS = new LinkedHashMap<>();

  static {
    ACTIONS.put("SetCdnDomainSSLCertificate", new Api(Product.CDN, 30));
    ACTIONS.put("SetDomainServerCertificate", new Api(Product.CDN, 10));
    ACTIONS.put("DescribeDomainCertificateInfo", new Api(Product.CDN, 100));
    ACTIONS.put("UploadUserCertificate", new Api(Product.CAS, 10));
    ACTIONS.put("GetUserCertificateDetail", new Api(Product.CAS, 10));
    ACTIONS.put("ListUserCertificateOrder", new Api(Product.CAS, 10));
    ACTIONS.put("DeleteUserCertificate", new Api(Product.CAS, 10));
    ACTIONS.put("ListCloudResources", new Api(Product.CAS, 10));
    ACTIONS.put("GetCallerIdentity", new Api(Product.STS, 100));
  }

  private ApiCatalog() {}

  static Optional<Api> find(String action) {
    return Optional.ofNullable(action == null ? null : ACTIONS.get(action));
  }

  static Map<String, Integer> defaultLimits() {
    Map<String, Integer> limits = new LinkedHashMap<>();
    ACTIONS.forEach((action, api) -> limits.put(action, api.limit()));
    return limits;
  }
}
