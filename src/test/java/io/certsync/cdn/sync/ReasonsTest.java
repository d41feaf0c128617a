package io.certsync.cdn.sync;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** DESIGN.md section 3: a reason is the API code without punctuation, first letter upper-cased. */
class ReasonsTest {

  @ParameterizedTest(name = "{0} becomes {1}")
  @CsvSource({
    "Certificate.MissMatch, CertificateMissMatch",
    "InvalidDomain.Offline, InvalidDomainOffline",
    "Throttling.User, ThrottlingUser",
    "sslPub.Error, SslPubError",
    "Abs.CertRegion.ValueNotSupported, AbsCertRegionValueNotSupported",
    "HttpStatus502, HttpStatus502",
    "503.Weird, Code503Weird",
    "'...', UnknownError",
  })
  void aReasonIsTheCodeWithoutPunctuation(String code, String reason) {
    assertThat(Reasons.fromApiCode(code)).isEqualTo(reason).matches("^[A-Za-z][A-Za-z0-9]*$");
  }
}
