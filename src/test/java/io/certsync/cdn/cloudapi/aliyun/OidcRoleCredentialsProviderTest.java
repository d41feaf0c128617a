package io.certsync.cdn.cloudapi.aliyun;

import static org.assertj.core.api.Assertions.assertThat;

import io.certsync.cdn.cloudapi.CdnCredentials;
import io.certsync.cdn.cloudapi.CdnResult;
import io.certsync.cdn.cloudapi.CredentialsProvider;
import io.certsync.cdn.emulator.CdnEmulator;
import io.certsync.cdn.emulator.EmulatorSettings;
import io.certsync.cdn.testing.MutableClock;
import io.certsync.cdn.testing.OperatorHarness;
import io.certsync.cdn.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RRSA against the emulator's AssumeRoleWithOIDC over HTTP. */
class OidcRoleCredentialsProviderTest {

  @TempDir Path dir;
  CdnEmulator emulator;
  Path tokenFile;
  final MutableClock clock = new MutableClock(Instant.now());

  @BeforeEach
  void start() throws Exception {
    emulator =
        CdnEmulator.start(
            new EmulatorSettings().domain("www.example.com").oidcToken("eyJ.first.token"));
    tokenFile = Files.writeString(dir.resolve("token"), "eyJ.first.token\n");
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private OidcRoleCredentialsProvider provider() {
    return new OidcRoleCredentialsProvider(
        new OidcRoleCredentialsProvider.Settings(
            CdnEndpoint.parse(emulator.baseUrl()),
            "acs:ram::123:role/cdn",
            "acs:ram::123:oidc-provider/ack-rrsa-c1",
            tokenFile,
            "cdn-cert-operator",
            Duration.ofHours(1)),
        new OkHttpClient(),
        clock);
  }

  private long stsCalls() {
    return emulator.calls(c -> "AssumeRoleWithOIDC".equals(c.action())).size();
  }

  @Test
  @DisplayName("STS credentials are obtained, accepted by the CDN API with their token, and cached")
  void obtainsAndCaches() {
    OidcRoleCredentialsProvider provider = provider();
    CdnCredentials credentials =
        ((CdnResult.Success<CdnCredentials>) provider.credentials()).value();
    assertThat(credentials.accessKeyId()).startsWith("STS.");
    assertThat(credentials.securityToken()).isNotBlank();
    AliyunCdnClient client =
        new AliyunCdnClient(
            CdnEndpoint.parse(emulator.baseUrl()),
            SignatureVersion.V3,
            new OkHttpClient(),
            new RateLimiters(),
            Clock.systemUTC(),
            ApiCallListener.NONE);
    assertThat(client.describeCertificate(credentials, "www.example.com"))
        .isInstanceOf(CdnResult.Success.class);
    CdnCredentials withoutToken =
        CdnCredentials.of(credentials.accessKeyId(), credentials.accessKeySecret());
    assertThat(
            ((CdnResult.Failure<?>) client.describeCertificate(withoutToken, "www.example.com"))
                .error()
                .code())
        .isEqualTo("MissingSecurityToken");

    clock.advance(Duration.ofMinutes(30));
    assertThat(((CdnResult.Success<CdnCredentials>) provider.credentials()).value())
        .isEqualTo(credentials);
    assertThat(stsCalls()).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "credentials are refreshed shortly before Expiration, re-reading the rotated token file")
  void refreshesWithRotatedToken() throws Exception {
    OidcRoleCredentialsProvider provider = provider();
    CdnCredentials first = ((CdnResult.Success<CdnCredentials>) provider.credentials()).value();
    Files.writeString(tokenFile, "eyJ.second.token");
    emulator.oidcToken("eyJ.second.token");
    clock.advance(Duration.ofMinutes(56));
    CdnCredentials second = ((CdnResult.Success<CdnCredentials>) provider.credentials()).value();
    assertThat(second.accessKeyId()).isNotEqualTo(first.accessKeyId());
    assertThat(stsCalls()).isEqualTo(2);
  }

  @Test
  @DisplayName(
      "a failed refresh keeps the credentials and tries STS again 30 s later, not on every call")
  void failedRefreshBacksOff() throws Exception {
    OidcRoleCredentialsProvider provider = provider();
    CdnCredentials first = ((CdnResult.Success<CdnCredentials>) provider.credentials()).value();
    Files.writeString(tokenFile, "eyJ.wrong.token");
    clock.advance(Duration.ofMinutes(56));
    for (int i = 0; i < 5; i++) {
      assertThat(((CdnResult.Success<CdnCredentials>) provider.credentials()).value())
          .isEqualTo(first);
    }
    assertThat(stsCalls()).as("one refresh tried").isEqualTo(2);
    clock.advance(OidcRoleCredentialsProvider.REFRESH_RETRY);
    provider.credentials();
    assertThat(stsCalls()).as("and again after the pause").isEqualTo(3);
  }

  @Test
  @DisplayName(
      "a rejected token gives the STS error code, and a binding using it reports CredentialsInvalid")
  void rejectedToken() throws Exception {
    Files.writeString(tokenFile, "eyJ.wrong.token");
    CdnResult<CdnCredentials> result = provider().credentials();
    assertThat(((CdnResult.Failure<CdnCredentials>) result).error().code())
        .isEqualTo("AuthenticationFail.OIDCToken.Invalid");

    try (OperatorHarness h = new OperatorHarness(s -> s.domain("www.example.com"))) {
      CredentialsProvider rrsa = provider();
      h.withConfig(c -> c.withDefaultCredentials(rrsa)).startOperator();
      h.tlsSecret(
          "www-tls", TestCertificates.leaf(TestCertificates.ca("RRSA CA"), "www.example.com"));
      h.createBinding("www", "www-tls", "www.example.com");
      h.awaitReady("www", "False", "CredentialsInvalid");
      assertThat(h.ready("www").getMessage()).contains("AuthenticationFail.OIDCToken.Invalid");
      h.assertNoSecretLeaked();
      assertThat(h.everythingVisible()).doesNotContain("eyJ.wrong.token");
    }
  }

  @Test
  @DisplayName("the operator syncs a binding with RRSA credentials")
  void operatorWithRrsa() throws Exception {
    try (OperatorHarness h =
        new OperatorHarness(s -> s.domain("www.example.com").oidcToken("eyJ.first.token"))) {
      Path file = Files.writeString(dir.resolve("op-token"), "eyJ.first.token");
      CredentialsProvider rrsa =
          new OidcRoleCredentialsProvider(
              new OidcRoleCredentialsProvider.Settings(
                  CdnEndpoint.parse(h.emulator.baseUrl()),
                  "acs:ram::1:role/r",
                  "acs:ram::1:oidc-provider/p",
                  file,
                  "op",
                  Duration.ofHours(1)),
              new OkHttpClient(),
              Clock.systemUTC());
      h.withConfig(c -> c.withDefaultCredentials(rrsa)).startOperator();
      h.tlsSecret(
          "www-tls", TestCertificates.leaf(TestCertificates.ca("RRSA CA"), "www.example.com"));
      h.createBinding("www", "www-tls", "www.example.com");
      h.awaitReady("www", "True", "Synced");
      assertThat(h.emulator.calls(c -> c.isUpload()))
          .allMatch(c -> c.accessKeyId().startsWith("STS."));
      h.assertNoSecretLeaked();
      assertThat(h.everythingVisible()).doesNotContain("eyJ.first.token");
    }
  }
}
