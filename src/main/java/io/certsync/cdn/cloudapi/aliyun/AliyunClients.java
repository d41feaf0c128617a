package io.certsync.cdn.cloudapi.aliyun;

import io.certsync.cdn.cloudapi.AccountResolver;
import java.time.Clock;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * The Alibaba Cloud clients of one process, wired to share one set of limiters and one account
 * resolver, so that CDN and CAS calls of every key of an account draw from that account's budgets.
 */
public record AliyunClients(
    AliyunCdnClient cdn,
    AliyunCasClient store,
    StsAccountResolver accounts,
    RateLimiters rateLimiters) {

  /** Where each product answers: CDN_ENDPOINT, CAS_ENDPOINT and ALIBABA_CLOUD_STS_ENDPOINT. */
  public record Endpoints(HttpUrl cdn, HttpUrl cas, HttpUrl sts) {

    /** Every product at one address, as the emulator serves them. */
    public static Endpoints all(HttpUrl endpoint) {
      return new Endpoints(endpoint, endpoint, endpoint);
    }
  }

  public static AliyunClients create(
      Endpoints endpoints,
      SignatureVersion signatureVersion,
      OkHttpClient http,
      Clock clock,
      ApiCallListener listener) {
    RateLimiters limiters = new RateLimiters();
    AliyunRpcCaller sts =
        new AliyunRpcCaller(
            endpoints.sts(),
            signatureVersion,
            http,
            limiters,
            AccountResolver.byAccessKeyId(),
            clock,
            listener);
    StsAccountResolver accounts = new StsAccountResolver(sts, clock);
    AliyunRpcCaller cdn = sts.withEndpoint(endpoints.cdn()).withAccounts(accounts);
    return new AliyunClients(
        new AliyunCdnClient(cdn),
        new AliyunCasClient(cdn.withEndpoint(endpoints.cas())),
        accounts,
        limiters);
  }
}
