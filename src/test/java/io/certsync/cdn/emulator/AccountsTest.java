package io.certsync.cdn.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certsync.cdn.cloudapi.CdnCredentials;
import io.certsync.cdn.cloudapi.aliyun.SignatureVersion;
import io.certsync.cdn.emulator.SignedRpcCaller.Answer;
import io.certsync.cdn.testing.TestCertificates;
import io.certsync.cdn.testing.TestCertificates.Issued;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Main accounts: which keys belong to which, their shared limits and stores, and STS. */
class AccountsTest {

  static final String ACCOUNT = "1234567890123456";
  static final String OTHER = "6543210987654321";
  static final CdnCredentials DEFAULT_KEY = CdnCredentials.of("LTAI-default", "s0");
  static final CdnCredentials FIRST = CdnCredentials.of("LTAI-first", "s1");
  static final CdnCredentials SECOND = CdnCredentials.of("LTAI-second", "s2");
  static final CdnCredentials STRANGER = CdnCredentials.of("LTAI-stranger", "s3");
  static final String WWW = "www.example.com";

  private static EmulatorSettings settings() {
    return new EmulatorSettings()
        .accessKey(DEFAULT_KEY.accessKeyId(), DEFAULT_KEY.accessKeySecret())
        .accessKey(FIRST.accessKeyId(), FIRST.accessKeySecret(), ACCOUNT)
        .accessKey(SECOND.accessKeyId(), SECOND.accessKeySecret(), ACCOUNT)
        .accessKey(STRANGER.accessKeyId(), STRANGER.accessKeySecret(), OTHER)
        .domain(WWW)
        .oidcToken("eyJ.oidc.token");
  }

  private static Answer identity(SignedRpcCaller rpc, CdnCredentials keys) {
    return rpc.call(keys, "GetCallerIdentity", SignedRpcCaller.STS, Map.of());
  }

  @ParameterizedTest
  @EnumSource(SignatureVersion.class)
  @DisplayName("GetCallerIdentity names the main account of a key, signed either way")
  void callerIdentity(SignatureVersion version) throws Exception {
    try (CdnEmulator emulator = CdnEmulator.start(settings())) {
      SignedRpcCaller rpc = new SignedRpcCaller(emulator.baseUrl(), version);
      JsonNode first = identity(rpc, FIRST).body();
      assertThat(first.path("AccountId").asText()).isEqualTo(ACCOUNT);
      assertThat(first.path("IdentityType").asText()).isEqualTo("RAMUser");
      assertThat(first.path("Arn").asText()).startsWith("acs:ram::" + ACCOUNT + ":user/");
      assertThat(first.path("UserId").asText()).isNotBlank();
      assertThat(first.path("PrincipalId").asText()).isNotBlank();
      assertThat(first.path("RequestId").asText()).isNotBlank();
      assertThat(identity(rpc, DEFAULT_KEY).body().path("AccountId").asText())
          .isEqualTo("1000000000000001");
      assertThat(identity(rpc, STRANGER).body().path("AccountId").asText()).isEqualTo(OTHER);
    }
  }

  @Test
  @DisplayName("a temporary key from AssumeRoleWithOIDC belongs to the RoleArn's account")
  void temporaryKeyAccount() throws Exception {
    try (CdnEmulator emulator = CdnEmulator.start(settings())) {
      Request request =
          new Request.Builder()
              .url(
                  emulator.baseUrl() + "/?Action=AssumeRoleWithOIDC&Format=JSON&Version=2015-04-01")
              .post(
                  new FormBody.Builder()
                      .add("RoleArn", "acs:ram::" + OTHER + ":role/cdn-cert")
                      .add("OIDCProviderArn", "acs:ram::" + OTHER + ":oidc-provider/ack")
                      .add("OIDCToken", "eyJ.oidc.token")
                      .add("RoleSessionName", "operator")
                      .build())
              .build();
      JsonNode credentials;
      try (Response response = new OkHttpClient().newCall(request).execute()) {
        credentials = new ObjectMapper().readTree(response.body().string()).path("Credentials");
      }
      CdnCredentials temporary =
          new CdnCredentials(
              credentials.path("AccessKeyId").asText(),
              credentials.path("AccessKeySecret").asText(),
              credentials.path("SecurityToken").asText());
      JsonNode who =
          identity(new SignedRpcCaller(emulator.baseUrl(), SignatureVersion.V3), temporary).body();
      assertThat(who.path("AccountId").asText()).isEqualTo(OTHER);
      assertThat(who.path("IdentityType").asText()).isEqualTo("AssumedRoleUser");
      assertThat(who.path("Arn").asText())
          .isEqualTo("acs:ram::" + OTHER + ":assumed-role/cdn-cert/operator");
    }
  }

  @Test
  @DisplayName("two keys of one account share its limit; another account keeps its own")
  void limitsPerAccount() throws Exception {
    // the window is one second of arrivals: a batch that took longer proves nothing, so retry it
    for (int attempt = 0; attempt < 5; attempt++) {
      try (CdnEmulator emulator =
          CdnEmulator.start(settings().limit("DescribeDomainCertificateInfo", 3))) {
        SignedRpcCaller rpc = new SignedRpcCaller(emulator.baseUrl(), SignatureVersion.V3);
        Map<String, String> params = Map.of("DomainName", WWW);
        List<String> codes = new ArrayList<>();
        long started = System.nanoTime();
        for (CdnCredentials keys : List.of(FIRST, SECOND, FIRST, SECOND, STRANGER)) {
          Answer a = rpc.call(keys, "DescribeDomainCertificateInfo", SignedRpcCaller.CDN, params);
          codes.add(a.code() == null ? "OK" : a.code());
        }
        if (System.nanoTime() - started > 900_000_000L) {
          continue;
        }
        assertThat(codes).containsExactly("OK", "OK", "OK", "Throttling.User", "OK");
        assertThat(emulator.calls(c -> "Throttling.User".equals(c.errorCode())))
            .singleElement()
            .satisfies(
                c -> {
                  assertThat(c.accessKeyId()).isEqualTo(SECOND.accessKeyId());
                  assertThat(c.accountId()).isEqualTo(ACCOUNT);
                });
        return;
      }
    }
    throw new AssertionError("no batch of five calls fitted in a second");
  }

  @Test
  @DisplayName("each account has its own store: names and ids do not cross accounts")
  void storePerAccount() throws Exception {
    Issued ca = TestCertificates.ca("Accounts Root");
    Issued site = TestCertificates.leaf(ca, WWW);
    try (CdnEmulator emulator = CdnEmulator.start(settings())) {
      SignedRpcCaller rpc = new SignedRpcCaller(emulator.baseUrl(), SignatureVersion.V3);
      Map<String, String> upload =
          Map.of("Name", "site", "Cert", site.chainPem(), "Key", site.keyPkcs1OrSec1());
      Answer mine = rpc.call(FIRST, "UploadUserCertificate", SignedRpcCaller.CAS, upload);
      assertThat(rpc.call(SECOND, "UploadUserCertificate", SignedRpcCaller.CAS, upload).code())
          .isEqualTo("Certificate.Duplicated");
      assertThat(rpc.call(STRANGER, "UploadUserCertificate", SignedRpcCaller.CAS, upload).ok())
          .isTrue();
      String id = mine.body().path("CertId").asText();
      Answer foreign =
          rpc.call(
              STRANGER,
              "SetCdnDomainSSLCertificate",
              SignedRpcCaller.CDN,
              Map.of("DomainName", WWW, "SSLProtocol", "on", "CertType", "cas", "CertId", id));
      assertThat(foreign.code()).isEqualTo("Certificate.NotFind");
      assertThat(
              rpc.call(
                      STRANGER,
                      "GetUserCertificateDetail",
                      SignedRpcCaller.CAS,
                      Map.of("CertId", id))
                  .code())
          .isEqualTo("Certificate.NotFind");
      assertThat(emulator.storeEntries())
          .extracting(StoreEntry::accountId)
          .containsExactly(ACCOUNT, OTHER);
    }
  }

  @Test
  @DisplayName("GetCallerIdentity is limited to 100/s per account and needs the STS version")
  void callerIdentityVersion() throws Exception {
    assertThat(ApiCatalog.defaultLimits()).containsEntry("GetCallerIdentity", 100);
    try (CdnEmulator emulator = CdnEmulator.start(settings())) {
      Answer wrong =
          new SignedRpcCaller(emulator.baseUrl(), SignatureVersion.V1)
              .call(FIRST, "GetCallerIdentity", SignedRpcCaller.CDN, Map.of());
      assertThat(wrong.code()).isEqualTo("InvalidVersion");
    }
  }
}
