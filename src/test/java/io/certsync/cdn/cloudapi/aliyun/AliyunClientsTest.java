package io.certsync.cdn.cloudapi.aliyun;

import static org.assertj.core.api.Assertions.assertThat;

import io.certsync.cdn.cloudapi.CdnAction;
import io.certsync.cdn.cloudapi.CdnCredentials;
import io.certsync.cdn.emulator.CdnEmulator;
import io.certsync.cdn.emulator.EmulatorSettings;
import java.time.Clock;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The wiring: CDN and CAS calls of every key of an account draw from the account's limiters. */
class AliyunClientsTest {

  static final String ACCOUNT = "1111111111111111";
  static final CdnCredentials KEY_1 = CdnCredentials.of("LTAI-one", "secret-one");
  static final CdnCredentials KEY_2 = CdnCredentials.of("LTAI-two", "secret-two");

  CdnEmulator emulator;
  AliyunClients clients;

  @BeforeEach
  void start() throws Exception {
    emulator =
        CdnEmulator.start(
            new EmulatorSettings()
                .accessKey(KEY_1.accessKeyId(), KEY_1.accessKeySecret(), ACCOUNT)
                .accessKey(KEY_2.accessKeyId(), KEY_2.accessKeySecret(), ACCOUNT)
                .domain("www.example.com"));
    clients =
        AliyunClients.create(
            AliyunClients.Endpoints.all(CdnEndpoint.parse(emulator.baseUrl())),
            SignatureVersion.V3,
            new OkHttpClient(),
            Clock.systemUTC(),
            ApiCallListener.NONE);
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private double share(CdnAction action) {
    return clients.rateLimiters().forCall(new RateLimiters.Key(ACCOUNT, action)).currentShare();
  }

  @Test
  @DisplayName(
      "a CDN read by one key and one by another key of the same account meet in the account's"
          + " limiter, which a Throttling answer slows")
  void cdnCallsShareTheAccountLimiter() {
    emulator.limit("DescribeDomainCertificateInfo", 1);
    clients.cdn().describeCertificate(KEY_1, "www.example.com");
    clients.cdn().describeCertificate(KEY_2, "www.example.com");
    assertThat(emulator.calls(c -> "Throttling.User".equals(c.errorCode()))).hasSize(1);
    assertThat(share(CdnAction.DescribeDomainCertificateInfo)).isLessThan(1.0);
    assertThat(emulator.calls("GetCallerIdentity")).as("once per key").hasSize(2);
  }

  @Test
  @DisplayName("CAS calls are paced per account too")
  void casCallsShareTheAccountLimiter() {
    emulator.limit("ListUserCertificateOrder", 1);
    clients.store().find(KEY_1, "www");
    clients.store().find(KEY_2, "www");
    assertThat(emulator.calls(c -> "Throttling.User".equals(c.errorCode()))).isNotEmpty();
    assertThat(share(CdnAction.ListUserCertificateOrder)).isLessThan(1.0);
  }
}
