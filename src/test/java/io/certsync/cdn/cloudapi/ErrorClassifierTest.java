package io.certsync.cdn.cloudapi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The retry classes of DESIGN.md section 4, decided by code and, for unknown codes, by status. */
class ErrorClassifierTest {

  @ParameterizedTest(name = "{0} with HTTP {1} is {2}")
  @CsvSource({
    // transient: backoff 1 s doubling to 5 min
    "Throttling, 400, TRANSIENT",
    "Throttling.User, 400, TRANSIENT",
    "Throttling.Api, 400, TRANSIENT",
    "ServiceUnavailable, 503, TRANSIENT",
    "InternalError, 500, TRANSIENT",
    "UnknownError, 500, TRANSIENT",
    "ServiceBusy, 403, TRANSIENT",
    "CreateCertificateFailed, 400, TRANSIENT",
    "CertStorage.failed, 400, TRANSIENT",
    "NetworkError, 0, TRANSIENT",
    "Weird.Overloaded, 503, TRANSIENT",
    "HttpStatus502, 502, TRANSIENT",
    // fix the input: nothing until the Secret or the binding changes
    "InvalidSSLPub, 400, FIX_INPUT",
    "InvalidSSLPri, 400, FIX_INPUT",
    "Certificate.MissMatch, 400, FIX_INPUT",
    "Certificate.Expired, 400, FIX_INPUT",
    "Certificate.NotFind, 400, FIX_INPUT",
    "Key.Malformed, 400, FIX_INPUT",
    "Decode.Error, 400, FIX_INPUT",
    "sslPub.Error, 400, FIX_INPUT",
    "sslPri.Error, 400, FIX_INPUT",
    "InvalidCertificate.TooLong, 400, FIX_INPUT",
    "InvalidCertName.TooLong, 400, FIX_INPUT",
    "InvalidParameter.Format, 400, FIX_INPUT",
    "MissingDomainName, 400, FIX_INPUT",
    "Abs.CertRegion.ValueNotSupported, 400, FIX_INPUT",
    // account or domain state: re-checked slowly
    "InvalidDomain.Offline, 400, ACCOUNT_STATE",
    "InvalidDomain.NotFound, 404, ACCOUNT_STATE",
    "DomainInSafeMode, 400, ACCOUNT_STATE",
    "DomainInProtectedMode, 403, ACCOUNT_STATE",
    "Forbidden.RAM, 403, ACCOUNT_STATE",
    "Forbidden.NoPermission, 403, ACCOUNT_STATE",
    "InvalidAccessKeyId.NotFound, 404, ACCOUNT_STATE",
    "SignatureDoesNotMatch, 400, ACCOUNT_STATE",
    "AuthenticationFailed, 400, ACCOUNT_STATE",
    "InvalidSecurityToken.Expired, 400, ACCOUNT_STATE",
    "Weird.Refusal, 400, ACCOUNT_STATE",
    "InvalidResponse, 200, ACCOUNT_STATE",
    // already in the store: read back, look the name up
    "Certificate.Duplicated, 400, ALREADY_UPLOADED",
    "CertNameAlreadyExists, 400, ALREADY_UPLOADED",
    "CertificateContent.Duplicated, 400, ALREADY_UPLOADED",
  })
  void classifiesByCodeAndOnlyThenByStatus(String code, int status, ErrorClass expected) {
    assertThat(ErrorClassifier.classify(code, status)).isEqualTo(expected);
  }
}
