package io.certsync.cdn.cloudapi.aliyun;

import static org.assertj.core.api.Assertions.assertThat;

import io.certsync.cdn.cloudapi.AccountResolver;
import io.certsync.cdn.cloudapi.CdnCredentials;
import io.certsync.cdn.cloudapi.CdnResult;
import io.certsync.cdn.emulator.CdnEmulator;
import io.certsync.cdn.emulator.EmulatorSettings;
import io.certsync.cdn.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The account resolver against the emulator's STS GetCallerIdentity over HTTP. */
class StsAccountResolverTest {

  static final CdnCredentials A1 = CdnCredentials.of("LTAI-a1", "secret-a1");
  static final CdnCredentials A2 = CdnCredentials.of("LTAI-a2", "secret-a2");
  static final CdnCredentials B = CdnCredentials.of("LTAI-b", "secret-b");

  @TempDir Path dir;
  CdnEmulator emulator;
  final MutableClock clock = new MutableClock(Instant.now());

  @BeforeEach
  void start() throws Exception {
    emulator =
        CdnEmulator.start(
            new EmulatorSettings()
                .accessKey(A1.accessKeyId(), A1.accessKeySecret(), "1111111111111111")
                .accessKey(A2.accessKeyId(), A2.accessKeySecret(), "1111111111111111")
                .accessKey(B.accessKeyId(), B.accessKeySecret(), "2222222222222222")
                .oidcToken("eyJ.role.token"));
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private StsAccountResolver resolver() {
    AliyunRpcCaller sts =
        new AliyunRpcCaller(
            CdnEndpoint.parse(emulator.baseUrl()),
            SignatureVersion.V3,
            new OkHttpClient(),
            new RateLimiters(),
            AccountResolver.byAccessKeyId(),
            Clock.systemUTC(),
            ApiCallListener.NONE);
    return new StsAccountResolver(sts, clock);
  }

  private long stsCalls() {
    return emulator.calls("GetCallerIdentity").size();
  }

  private static String account(CdnResult<String> result) {
    assertThat(result).isInstanceOf(CdnResult.Success.class);
    return ((CdnResult.Success<String>) result).value();
  }

  @Test
  @DisplayName(
      "two keys of one account name the same account, a key of another its own; each key costs"
          + " one STS call")
  void namesAccountsOncePerKey() {
    StsAccountResolver resolver = resolver();
    assertThat(account(resolver.accountOf(A1))).isEqualTo("1111111111111111");
    assertThat(account(resolver.accountOf(A2))).isEqualTo("1111111111111111");
    assertThat(account(resolver.accountOf(B))).isEqualTo("2222222222222222");
    assertThat(account(resolver.accountOf(A1))).isEqualTo("1111111111111111");
    assertThat(stsCalls()).isEqualTo(3);
  }

  @Test
  @DisplayName("the temporary keys of an RRSA role name the role's account")
  void temporaryKeys() throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "eyJ.role.token");
    OidcRoleCredentialsProvider rrsa =
        new OidcRoleCredentialsProvider(
            new OidcRoleCredentialsProvider.Settings(
                CdnEndpoint.parse(emulator.baseUrl()),
                "acs:ram::3333333333333333:role/cdn",
                "acs:ram::3333333333333333:oidc-provider/ack-rrsa-c1",
                token,
                "cdn-cert-operator",
                Duration.ofHours(1)),
            new OkHttpClient(),
            clock);
    CdnCredentials temporary = ((CdnResult.Success<CdnCredentials>) rrsa.credentials()).value();
    assertThat(account(resolver().accountOf(temporary))).isEqualTo("3333333333333333");
  }

  @Test
  @DisplayName(
      "an unknown key answers a failure, not an exception, remembered for a minute before STS is"
          + " asked again")
  void failureIsAResultAndRemembered() {
    StsAccountResolver resolver = resolver();
    CdnCredentials unknown = CdnCredentials.of("LTAI-nobody", "x");
    CdnResult<String> first = resolver.accountOf(unknown);
    assertThat(first).isInstanceOf(CdnResult.Failure.class);
    assertThat(((CdnResult.Failure<String>) first).error().code())
        .isEqualTo("InvalidAccessKeyId.NotFound");
    assertThat(resolver.accountOf(unknown)).isInstanceOf(CdnResult.Failure.class);
    assertThat(stsCalls()).isEqualTo(1);

    clock.advance(StsAccountResolver.FAILURE_MEMORY.plusSeconds(1));
    assertThat(resolver.accountOf(unknown)).isInstanceOf(CdnResult.Failure.class);
    assertThat(stsCalls()).isEqualTo(2);
  }

  @Test
  @DisplayName("many callers asking for one key at once cost one STS call")
  void concurrentLookupsShareOneCall() throws Exception {
    StsAccountResolver resolver = resolver();
    emulator.latency(Duration.ofMillis(200));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<CdnResult<String>>> answers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        answers.add(pool.submit(() -> resolver.accountOf(A1)));
      }
      for (Future<CdnResult<String>> a : answers) {
        assertThat(account(a.get())).isEqualTo("1111111111111111");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(stsCalls()).isEqualTo(1);
  }
}
