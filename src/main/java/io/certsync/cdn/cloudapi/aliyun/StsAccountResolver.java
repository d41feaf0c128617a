package io.certsync.cdn.cloudapi.aliyun;

import io.certsync.cdn.cloudapi.AccountResolver;
import io.certsync.cdn.cloudapi.ApiError;
import io.certsync.cdn.cloudapi.CdnAction;
import io.certsync.cdn.cloudapi.CdnCredentials;
import io.certsync.cdn.cloudapi.CdnResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Names the account behind credentials with STS {@code GetCallerIdentity} (signed; no RAM
 * permission needed), remembered per AccessKeyId: a key never changes account, and the temporary
 * keys of one role, renewed every hour, each get their entry in a bounded cache. A failure is
 * answered as a failure and remembered for a minute, so that an unreachable STS costs one call a
 * minute per key rather than one per API call.
 */
public final class StsAccountResolver implements AccountResolver {

  /** The STS endpoint when ALIBABA_CLOUD_STS_ENDPOINT is unset. */
  public static final String DEFAULT_ENDPOINT = "https://sts.aliyuncs.com";

  static final int MAX_ENTRIES = 1024;
  static final Duration FAILURE_MEMORY = Duration.ofMinutes(1);

  private record RememberedFailure(ApiError error, Instant until) {}

  private final AliyunRpcCaller sts;
  private final Clock clock;
  private final Map<String, String> accounts = lruMap();
  private final Map<String, RememberedFailure> failures = lruMap();
  private final ConcurrentMap<String, CompletableFuture<CdnResult<String>>> inFlight =
      new ConcurrentHashMap<>();

  /**
   * @param sts a caller pointed at the STS endpoint; its own limiter is keyed by AccessKeyId, since
   *     naming the account cannot wait for the account's name
   */
  public StsAccountResolver(AliyunRpcCaller sts, Clock clock) {
    this.sts = sts.withAccounts(AccountResolver.byAccessKeyId());
    this.clock = clock;
  }

  @Override
  public CdnResult<String> accountOf(CdnCredentials credentials) {
    String keyId = credentials.accessKeyId();
    synchronized (this) {
      String known = accounts.get(keyId);
      if (known != null) {
        return new CdnResult.Success<>(known, null);
      }
      RememberedFailure failure = failures.get(keyId);
      if (failure != null && clock.instant().isBefore(failure.until())) {
        return new CdnResult.Failure<>(failure.error());
      }
    }
    // callers asking for the same key at once share one STS call
    CompletableFuture<CdnResult<String>> mine = new CompletableFuture<>();
    CompletableFuture<CdnResult<String>> running = inFlight.putIfAbsent(keyId, mine);
    if (running != null) {
      return running.join();
    }
    try {
      CdnResult<String> answer = ask(credentials);
      synchronized (this) {
        if (answer instanceof CdnResult.Success<String> s) {
          accounts.put(keyId, s.value());
          failures.remove(keyId);
        } else if (answer instanceof CdnResult.Failure<String> f) {
          failures.put(
              keyId, new RememberedFailure(f.error(), clock.instant().plus(FAILURE_MEMORY)));
        }
      }
      mine.complete(answer);
      return answer;
    } finally {
      mine.complete(CdnResult.networkFailure("the account lookup ended without an answer"));
      inFlight.remove(keyId, mine);
    }
  }

  private CdnResult<String> ask(CdnCredentials credentials) {
    CdnResult<String> answer =
        AliyunRpcCaller.map(
            sts.call(credentials, CdnAction.GetCallerIdentity, Map.of(), credentials.accessKeyId()),
            json -> json.path("AccountId").asText(""));
    if (answer instanceof CdnResult.Success<String> s && s.value().isBlank()) {
      return new CdnResult.Failure<>(
          new ApiError(
              "InvalidResponse",
              "GetCallerIdentity answered without an AccountId",
              s.requestId(),
              200));
    }
    return answer;
  }

  private static <V> Map<String, V> lruMap() {
    return new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > MAX_ENTRIES;
      }
    };
  }
}
