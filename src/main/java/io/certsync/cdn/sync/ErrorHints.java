package io.certsync.cdn.sync;

import java.util.Map;
import java.util.Optional;

/** What to do about API error codes whose own message does not say it. */
final class ErrorHints {

  private static final Map<String, String> HINTS =
      Map.of(
          "Abs.CertRegion.ValueNotSupported",
              "set spec.certRegion to the account's site: cn-hangzhou (China site) or ap-southeast-1"
                  + " (international site, endpoint cdn.ap-southeast-1.aliyuncs.com)",
          "InvalidDomain.NotFound", "the domain is not a CDN domain of this account",
          "InvalidDomain.Offline",
              "start the domain in the CDN console; it is re-checked every 10 minutes",
          "SignatureDoesNotMatch", "the AccessKey secret is wrong",
          "InvalidAccessKeyId.NotFound", "the AccessKey ID does not exist",
          "InvalidTimeStamp.Expired", "the operator's clock is more than 15 minutes off",
          "Forbidden.RAM",
              "grant cdn:SetCdnDomainSSLCertificate and cdn:DescribeDomainCertificateInfo on the domain");

  private ErrorHints() {}

  static Optional<String> forCode(String code) {
    return Optional.ofNullable(HINTS.get(code));
  }
}
