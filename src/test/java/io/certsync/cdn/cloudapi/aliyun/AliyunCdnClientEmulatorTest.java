package io.certsync.cdn.cloudapi.aliyun;

import static org.assertj.core.api.Assertions.assertThat;

import io.certsync.cdn.certificate.Fingerprints;
import io.certsync.cdn.cloudapi.ApiError;
import io.certsync.cdn.cloudapi.CdnAction;
import io.certsync.cdn.cloudapi.CdnCredentials;
import io.certsync.cdn.cloudapi.CdnResult;
import io.certsync.cdn.cloudapi.CertificateUpload;
import io.certsync.cdn.cloudapi.ErrorClass;
import io.certsync.cdn.cloudapi.PrivateKeyPem;
import io.certsync.cdn.cloudapi.ServedCertificate;
import io.certsync.cdn.emulator.CdnEmulator;
import io.certsync.cdn.emulator.DomainState;
import io.certsync.cdn.emulator.EmulatorSettings;
import io.certsync.cdn.testing.TestCertificates;
import io.certsync.cdn.testing.TestCertificates.Issued;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The client against the emulator over real HTTP, with both signatures. */
class AliyunCdnClientEmulatorTest {

  static final String WWW_DOMAIN = "www.example.com";
  static CdnEmulator emulator;
  static Issued site;
  static final AtomicInteger NAMES = new AtomicInteger();
  static final CdnCredentials KEYS = CdnCredentials.of("LTAI-test", "test-secret");

  // the emulated store refuses a name it already holds: each upload gets its own

  @BeforeAll
  static void start() throws Exception {
    emulator =
        CdnEmulator.start(
            new EmulatorSettings()
                .accessKey("LTAI-test", "test-secret")
                .accessKey("STS.temp", "temp-secret")
                .domain("www.example.com")
                .domain("offline.example.com", DomainState.OFFLINE));
    site =
        TestCertificates.leaf(
            TestCertificates.ca("Root"), "www.example.com", "offline.example.com");
  }

  @AfterAll
  static void stop() {
    emulator.close();
  }

  private static AliyunCdnClient client(SignatureVersion version, Clock clock) {
    return new AliyunCdnClient(
        CdnEndpoint.parse(emulator.baseUrl()),
        version,
        new OkHttpClient(),
        new RateLimiters(),
        clock,
        ApiCallListener.NONE);
  }

  private static CertificateUpload upload(CdnCredentials credentials, String domain, String key) {
    return new CertificateUpload(
        credentials,
        CdnAction.SetCdnDomainSSLCertificate,
        domain,
        // the store refuses a name it holds, so every upload gets its own
        "www-test-" + NAMES.incrementAndGet(),
        null,
        site.chainPem(),
        new PrivateKeyPem(key));
  }

  @ParameterizedTest
  @EnumSource(SignatureVersion.class)
  @DisplayName("an upload signed with each version is accepted and read back")
  void uploadAndReadBack(SignatureVersion version) {
    AliyunCdnClient client = client(version, Clock.systemUTC());
    CdnResult<Void> result =
        client.setCertificate(upload(KEYS, "www.example.com", site.keyPkcs1OrSec1()));
    assertThat(result).isInstanceOf(CdnResult.Success.class);
    assertThat(((CdnResult.Success<Void>) result).requestId()).isNotBlank();
    CdnResult<ServedCertificate> served = client.describeCertificate(KEYS, "www.example.com");
    ServedCertificate s = ((CdnResult.Success<ServedCertificate>) served).value();
    assertThat(s.httpsEnabled()).isTrue();
    assertThat(emulator.servedFingerprint("www.example.com"))
        .isEqualTo(Fingerprints.of(site.certificate()));
  }

  @ParameterizedTest
  @EnumSource(SignatureVersion.class)
  @DisplayName("an STS token is signed and accepted with each version")
  void stsToken(SignatureVersion version) {
    CdnCredentials sts = new CdnCredentials("STS.temp", "temp-secret", "token/with+odd=chars");
    assertThat(client(version, Clock.systemUTC()).describeCertificate(sts, "www.example.com"))
        .isInstanceOf(CdnResult.Success.class);
  }

  @ParameterizedTest
  @EnumSource(SignatureVersion.class)
  @DisplayName("a wrong secret is SignatureDoesNotMatch, re-checked slowly")
  void wrongSecret(SignatureVersion version) {
    ApiError error =
        failure(
            client(version, Clock.systemUTC())
                .describeCertificate(CdnCredentials.of("LTAI-test", "nope"), "www.example.com"));
    assertThat(error.code()).isEqualTo("SignatureDoesNotMatch");
    assertThat(error.errorClass()).isEqualTo(ErrorClass.ACCOUNT_STATE);
  }

  @ParameterizedTest
  @EnumSource(SignatureVersion.class)
  @DisplayName(
      "an upload with a wrong secret is refused with a message that keeps none of the request: the gateway's echoed string-to-sign holds the key")
  void signatureErrorEchoesNoKey(SignatureVersion version) {
    String key = site.keyPkcs1OrSec1();
    ApiError error =
        failure(
            client(version, Clock.systemUTC())
                .setCertificate(upload(CdnCredentials.of("LTAI-test", "nope"), WWW_DOMAIN, key)));
    assertThat(error.code()).isEqualTo("SignatureDoesNotMatch");
    assertThat(error.message())
        .startsWith("Specified signature is not matched with our calculation.")
        .doesNotContainIgnoringCase("begin")
        .doesNotContainIgnoringCase("sslpri")
        .doesNotContain(TestCertificates.pemBody(key).substring(0, 40));
  }

  @ParameterizedTest
  @EnumSource(SignatureVersion.class)
  @DisplayName("a clock 20 minutes off is InvalidTimeStamp.Expired")
  void skewedClock(SignatureVersion version) {
    Clock skewed = Clock.fixed(Instant.now().minus(Duration.ofMinutes(20)), ZoneOffset.UTC);
    assertThat(failure(client(version, skewed).describeCertificate(KEYS, "www.example.com")).code())
        .isEqualTo("InvalidTimeStamp.Expired");
  }

  @ParameterizedTest
  @EnumSource(SignatureVersion.class)
  @DisplayName("documented error codes come back with code, message and RequestId")
  void documentedErrors(SignatureVersion version) {
    AliyunCdnClient client = client(version, Clock.systemUTC());
    ApiError offline =
        failure(client.setCertificate(upload(KEYS, "offline.example.com", site.keyPkcs1OrSec1())));
    assertThat(offline.code()).isEqualTo("InvalidDomain.Offline");
    assertThat(offline.message()).isEqualTo("The domain provided is offline.");
    assertThat(offline.requestId()).isNotBlank();
    assertThat(
            failure(
                    client.setCertificate(
                        upload(KEYS, "nowhere.example.com", site.keyPkcs1OrSec1())))
                .code())
        .isEqualTo("InvalidDomain.NotFound");
    String otherKey = TestCertificates.traditionalPem(TestCertificates.rsa().getPrivate());
    ApiError mismatch = failure(client.setCertificate(upload(KEYS, "www.example.com", otherKey)));
    assertThat(mismatch.code()).isEqualTo("Certificate.MissMatch");
    assertThat(mismatch.errorClass()).isEqualTo(ErrorClass.FIX_INPUT);
  }

  @ParameterizedTest
  @EnumSource(SignatureVersion.class)
  @DisplayName("a 5xx fault is a transient ServiceUnavailable")
  void injectedFault(SignatureVersion version) {
    emulator.failRate(1.0);
    try {
      ApiError e =
          failure(client(version, Clock.systemUTC()).describeCertificate(KEYS, "www.example.com"));
      assertThat(e.code()).isEqualTo("ServiceUnavailable");
      assertThat(e.httpStatus()).isEqualTo(503);
      assertThat(e.errorClass()).isEqualTo(ErrorClass.TRANSIENT);
    } finally {
      emulator.failRate(0);
    }
  }

  @ParameterizedTest
  @EnumSource(SignatureVersion.class)
  @DisplayName("no answer at all is a transient NetworkError")
  void noAnswer(SignatureVersion version) {
    AliyunCdnClient client =
        new AliyunCdnClient(
            CdnEndpoint.parse("http://127.0.0.1:1"),
            version,
            new OkHttpClient(),
            new RateLimiters(),
            Clock.systemUTC(),
            ApiCallListener.NONE);
    ApiError e =
        failure(client.setCertificate(upload(KEYS, "www.example.com", site.keyPkcs1OrSec1())));
    assertThat(e.code()).isEqualTo("NetworkError");
    assertThat(e.errorClass()).isEqualTo(ErrorClass.TRANSIENT);
    assertThat(e.message()).doesNotContain("SSLPri").doesNotContain("PRIVATE");
  }

  private static ApiError failure(CdnResult<?> result) {
    assertThat(result).isInstanceOf(CdnResult.Failure.class);
    return ((CdnResult.Failure<?>) result).error();
  }
}
