package io.certsync.cdn.cloudapi;

import java.util.List;
import java.util.Set;

/**
 * Maps API error codes to retry classes by code alone, never by message text. Codes nobody
 * documented are re-checked slowly (or retried with backoff when the HTTP status is 5xx), so an
 * unknown code can neither stop the operator for good nor make it spin.
 */
public final class ErrorClassifier {

  /** Not an API code: no HTTP answer at all (connection refused, reset, timed out). */
  public static final String NETWORK = "NetworkError";

  private static final Set<String> TRANSIENT =
      Set.of(
          NETWORK,
          "ServiceUnavailable",
          "InternalError",
          "UnknownError",
          "ServiceBusy",
          "CreateCertificateFailed",
          "CertStorage.failed",
          "SignatureNonceUsed");
  private static final Set<String> ALREADY_UPLOADED =
      Set.of("CertificateContent.Duplicated", "Certificate.Duplicated", "CertNameAlreadyExists");
  private static final List<String> ACCOUNT_PREFIXES =
      List.of(
          "InvalidDomain.",
          "Forbidden",
          "InvalidAccessKeyId.",
          "InvalidSecurityToken.",
          "InvalidTimeStamp.");
  private static final Set<String> ACCOUNT =
      Set.of(
          "DomainInSafeMode",
          "DomainInProtectedMode",
          "NoPermission",
          "SignatureDoesNotMatch",
          "IncompleteSignature",
          "AuthenticationFailed",
          "MissingSecurityToken",
          "IllegalOperationDomain",
          "CdnServiceNotFound",
          "InvalidEnv");
  private static final Set<String> FIX_INPUT =
      Set.of(
          "InvalidSSLPub",
          "InvalidSSLPri",
          "Key.Malformed",
          "Decode.Error",
          "sslPub.Error",
          "sslPri.Error",
          "PrivateKeyError",
          "InvalidCertificate.TooLong",
          "InvalidCertName.TooLong",
          "SSLPub.MissingParameter",
          "SSLPri.MissingParameter",
          "CertName.MissingParameter",
          "SetDomainCertificate.ParameterError",
          "InvalidSSLProtocol.ValueNotSupported",
          "Abs.CertRegion.ValueNotSupported");

  private ErrorClassifier() {}

  public static ErrorClass classify(String code, int httpStatus) {
    if (code == null || code.isEmpty()) {
      return httpStatus >= 500 ? ErrorClass.TRANSIENT : ErrorClass.ACCOUNT_STATE;
    }
    if (code.startsWith("Throttling") || TRANSIENT.contains(code)) {
      return ErrorClass.TRANSIENT;
    }
    if (ALREADY_UPLOADED.contains(code)) {
      return ErrorClass.ALREADY_UPLOADED;
    }
    if (ACCOUNT.contains(code) || ACCOUNT_PREFIXES.stream().anyMatch(code::startsWith)) {
      return ErrorClass.ACCOUNT_STATE;
    }
    if (FIX_INPUT.contains(code)
        || code.startsWith("Certificate.")
        || code.startsWith("InvalidParameter")
        || code.startsWith("Missing")
        || code.endsWith(".MissingParameter")
        || code.endsWith(".ValueNotSupported")) {
      return ErrorClass.FIX_INPUT;
    }
    return httpStatus >= 500 ? ErrorClass.TRANSIENT : ErrorClass.ACCOUNT_STATE;
  }
}
