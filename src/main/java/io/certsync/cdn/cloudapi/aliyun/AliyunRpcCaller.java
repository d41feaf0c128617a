package io.certsync.cdn.cloudapi.aliyun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certsync.cdn.cloudapi.AccountResolver;
import io.certsync.cdn.cloudapi.ApiError;
import io.certsync.cdn.cloudapi.CdnAction;
import io.certsync.cdn.cloudapi.CdnCredentials;
import io.certsync.cdn.cloudapi.CdnResult;
import java.io.IOException;
import java.time.Clock;
import java.time.DateTimeException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One signed RPC call to an Alibaba Cloud product, as the official SDK sends it: {@code POST /} to
 * the endpoint, every parameter in the query, empty body, signed with V3 (default) or V1. Each call
 * first waits for the limiter of its (account, action) and tells it about a {@code Throttling}
 * answer. Request URLs can carry a private key and are never logged.
 *
 * <p>The account comes from the {@link AccountResolver} (cached there, so once per credentials).
 * When it cannot name the account, the AccessKeyId stands in for it: calls still run, paced per key
 * rather than per account, which is exact for an account with one key.
 */
public final class AliyunRpcCaller {

  private static final Logger LOG = LoggerFactory.getLogger(AliyunRpcCaller.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int HTTP_TOO_MANY_REQUESTS = 429;

  private final RpcRequestSigner signer;
  private final OkHttpClient http;
  private final RateLimiters rateLimiters;
  private final AccountResolver accounts;
  private final Clock clock;
  private final ApiCallListener listener;

  public AliyunRpcCaller(
      HttpUrl endpoint,
      SignatureVersion signatureVersion,
      OkHttpClient http,
      RateLimiters rateLimiters,
      AccountResolver accounts,
      Clock clock,
      ApiCallListener listener) {
    this(
        new RpcRequestSigner(endpoint, signatureVersion),
        http,
        rateLimiters,
        accounts,
        clock,
        listener);
  }

  private AliyunRpcCaller(
      RpcRequestSigner signer,
      OkHttpClient http,
      RateLimiters rateLimiters,
      AccountResolver accounts,
      Clock clock,
      ApiCallListener listener) {
    this.signer = signer;
    this.http = http;
    this.rateLimiters = rateLimiters;
    this.accounts = accounts;
    this.clock = clock;
    this.listener = listener;
  }

  /** The same wiring against another product's endpoint. */
  public AliyunRpcCaller withEndpoint(HttpUrl otherEndpoint) {
    return new AliyunRpcCaller(
        signer.withEndpoint(otherEndpoint), http, rateLimiters, accounts, clock, listener);
  }

  /** The same wiring with another way to name accounts. */
  public AliyunRpcCaller withAccounts(AccountResolver otherAccounts) {
    return new AliyunRpcCaller(signer, http, rateLimiters, otherAccounts, clock, listener);
  }

  /**
   * One signed call; never throws for an API or network failure. {@code subject} names what the
   * call is about (a domain, a certificate) for the listener and the debug log.
   */
  public CdnResult<JsonNode> call(
      CdnCredentials credentials,
      CdnAction action,
      Map<String, String> parameters,
      String subject) {
    PacedRateLimiter limiter =
        rateLimiters.forCall(new RateLimiters.Key(accountOf(credentials), action));
    PacedRateLimiter.Permit permit;
    try {
      permit = limiter.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CdnResult.networkFailure("interrupted while waiting for the rate limiter");
    }
    Request request =
        signer.sign(
            credentials,
            action.name(),
            action.product().apiVersion(),
            parameters,
            clock.instant(),
            UUID.randomUUID().toString());
    long started = System.nanoTime();
    CdnResult<JsonNode> result = execute(request);
    long nanos = System.nanoTime() - started;
    if (result instanceof CdnResult.Failure<JsonNode> f) {
      if (f.error().code().startsWith("Throttling")) {
        limiter.throttled(permit);
      }
      // the error answer: code, message and RequestId only; the URL may hold a key
      LOG.debug(
          "API call failed action={} subject={} code={} requestId={} httpStatus={}",
          action,
          subject,
          f.error().code(),
          f.error().requestId(),
          f.error().httpStatus());
    }
    listener.onCall(action, subject, result, nanos, permit.waitedNanos());
    return result;
  }

  private String accountOf(CdnCredentials credentials) {
    return accounts.accountOf(credentials) instanceof CdnResult.Success<String> s
            && s.value() != null
            && !s.value().isBlank()
        ? s.value()
        : credentials.accessKeyId();
  }

  private CdnResult<JsonNode> execute(Request request) {
    try (Response response = http.newCall(request).execute()) {
      ResponseBody body = response.body();
      String text = body == null ? "" : body.string();
      return parse(response.code(), text);
    } catch (IOException e) {
      // OkHttp's messages name host and port at most, never the query
      return CdnResult.networkFailure(
          "no answer from "
              + signer.endpoint().host()
              + ": "
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage());
    }
  }

  /** An answer: success for 2xx without a Code, else the API error (or a made-up code). */
  static CdnResult<JsonNode> parse(int status, String text) {
    JsonNode json;
    try {
      json = text.isBlank() ? null : JSON.readTree(text);
    } catch (IOException e) {
      json = null;
    }
    if (status == HTTP_TOO_MANY_REQUESTS
        && (json == null || !json.isObject() || json.path("Code").asText("").isEmpty())) {
      // a gateway's own 429: the API's limit in other words, so the limiter slows down
      return new CdnResult.Failure<>(
          new ApiError(
              "Throttling",
              "the API answered HTTP 429 Too Many Requests",
              json == null ? null : json.path("RequestId").asText(null),
              status));
    }
    if (json == null || !json.isObject()) {
      String what = text.isBlank() ? "an empty body" : "a body that is not a JSON object";
      return new CdnResult.Failure<>(
          new ApiError(
              status >= 500 ? "HttpStatus" + status : "InvalidResponse",
              "the API answered HTTP " + status + " with " + what,
              null,
              status));
    }
    String requestId = json.path("RequestId").asText(null);
    String code = json.path("Code").asText(null);
    if (status >= 200 && status < 300 && (code == null || code.isEmpty())) {
      return new CdnResult.Success<>(json, requestId);
    }
    if (code == null || code.isEmpty()) {
      code = status >= 500 ? "HttpStatus" + status : "InvalidResponse";
    }
    return new CdnResult.Failure<>(
        new ApiError(code, withoutEcho(json.path("Message").asText("")), requestId, status));
  }

  // where an error message starts repeating the request: a signature error's string-to-sign
  // holds every parameter, the private key among them
  private static final List<String> ECHO_MARKERS =
      List.of(
          "string to sign",
          "stringtosign",
          "canonical",
          "-----begin",
          "begin%2520",
          "begin%20",
          "sslpri",
          "privatekey",
          "securitytoken",
          "accesskeysecret");

  /** The API's message cut before anything that repeats the request's parameters. */
  static String withoutEcho(String message) {
    String lower = message.toLowerCase(Locale.ROOT);
    int cut = ECHO_MARKERS.stream().mapToInt(lower::indexOf).filter(i -> i >= 0).min().orElse(-1);
    return cut < 0
        ? message
        : message.substring(0, cut).stripTrailing()
            + " [the rest of the message is withheld: it repeats the request, key included]";
  }

  /**
   * A call's JSON result mapped to the caller's type; failures pass through, and an answer the
   * mapper cannot read (a number that is not one, a date that is not one) becomes an {@code
   * InvalidResponse} failure rather than an exception.
   */
  static <T> CdnResult<T> map(CdnResult<JsonNode> result, Function<JsonNode, T> mapper) {
    if (result instanceof CdnResult.Success<JsonNode> s) {
      try {
        return new CdnResult.Success<>(mapper.apply(s.value()), s.requestId());
      } catch (IllegalArgumentException | DateTimeException e) {
        return new CdnResult.Failure<>(
            new ApiError(
                "InvalidResponse",
                "the API answered in an unexpected form: " + e.getMessage(),
                s.requestId(),
                200));
      }
    }
    return new CdnResult.Failure<>(((CdnResult.Failure<JsonNode>) result).error());
  }
}
