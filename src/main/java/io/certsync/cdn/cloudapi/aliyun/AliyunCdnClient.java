package io.certsync.cdn.cloudapi.aliyun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certsync.cdn.cloudapi.ApiError;
import io.certsync.cdn.cloudapi.CdnAction;
import io.certsync.cdn.cloudapi.CdnCertificateClient;
import io.certsync.cdn.cloudapi.CdnCredentials;
import io.certsync.cdn.cloudapi.CdnResult;
import io.certsync.cdn.cloudapi.CertificateUpload;
import io.certsync.cdn.cloudapi.ServedCertificate;
import io.certsync.cdn.cloudapi.StoredCertificateBinding;
import java.io.IOException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CDN API over OkHttp, as the official SDK sends it: {@code POST /}, every parameter in the
 * query, empty body, signed with V3 (default) or V1. Each call first waits for the shared rate
 * limiter of its (AccessKeyId, action). Request URLs carry the private key and are never logged.
 */
public final class AliyunCdnClient implements CdnCertificateClient {

  public static final String API_VERSION = "2018-05-10";
  private static final Logger LOG = LoggerFactory.getLogger(AliyunCdnClient.class);
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final RequestBody EMPTY = RequestBody.create(new byte[0], null);

  private final HttpUrl endpoint;
  private final SignatureVersion signatureVersion;
  private final OkHttpClient http;
  private final RateLimiters rateLimiters;
  private final Clock clock;
  private final Supplier<String> nonces;
  private final ApiCallListener listener;

  public AliyunCdnClient(
      HttpUrl endpoint,
      SignatureVersion signatureVersion,
      OkHttpClient http,
      RateLimiters rateLimiters,
      Clock clock,
      ApiCallListener listener) {
    this(
        endpoint,
        signatureVersion,
        http,
        rateLimiters,
        clock,
        () -> UUID.randomUUID().toString(),
        listener);
  }

  AliyunCdnClient(
      HttpUrl endpoint,
      SignatureVersion signatureVersion,
      OkHttpClient http,
      RateLimiters rateLimiters,
      Clock clock,
      Supplier<String> nonces,
      ApiCallListener listener) {
    this.endpoint = endpoint;
    this.signatureVersion = signatureVersion;
    this.http = http;
    this.rateLimiters = rateLimiters;
    this.clock = clock;
    this.nonces = nonces;
    this.listener = listener;
  }

  @Override
  public CdnResult<Void> setCertificate(CertificateUpload upload) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("DomainName", upload.domain());
    p.put("CertName", upload.certName());
    p.put("CertType", "upload");
    if (upload.action() == CdnAction.SetCdnDomainSSLCertificate) {
      p.put("SSLProtocol", "on");
      p.put("SSLPub", upload.chainPem());
      p.put("SSLPri", upload.privateKey().reveal());
      if (upload.certRegion() != null) {
        p.put("CertRegion", upload.certRegion());
      }
    } else {
      p.put("ServerCertificateStatus", "on");
      p.put("ServerCertificate", upload.chainPem());
      p.put("PrivateKey", upload.privateKey().reveal());
      // ForceSet=1: a retry after a lost answer overwrites its own certificate of the same name
      p.put("ForceSet", "1");
    }
    return call(upload.credentials(), upload.action(), p, upload.domain()).map(json -> null);
  }

  @Override
  public CdnResult<Void> bindStoredCertificate(StoredCertificateBinding binding) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("DomainName", binding.domain());
    p.put("SSLProtocol", "on");
    p.put("CertType", "cas");
    p.put("CertId", String.valueOf(binding.certId()));
    if (binding.certRegion() != null) {
      p.put("CertRegion", binding.certRegion());
    }
    return call(binding.credentials(), CdnAction.SetCdnDomainSSLCertificate, p, binding.domain())
        .map(json -> null);
  }

  @Override
  public CdnResult<Void> disableHttps(CdnCredentials credentials, CdnAction action, String domain) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("DomainName", domain);
    p.put(
        action == CdnAction.SetCdnDomainSSLCertificate ? "SSLProtocol" : "ServerCertificateStatus",
        "off");
    return call(credentials, action, p, domain).map(json -> null);
  }

  @Override
  public CdnResult<ServedCertificate> describeCertificate(
      CdnCredentials credentials, String domain) {
    Map<String, String> p = Map.of("DomainName", domain);
    return call(credentials, CdnAction.DescribeDomainCertificateInfo, p, domain)
        .map(json -> served(domain, json));
  }

  private static ServedCertificate served(String domain, JsonNode json) {
    JsonNode infos = json.path("CertInfos").path("CertInfo");
    JsonNode info = infos.isArray() && infos.size() > 0 ? infos.get(0) : infos;
    if (info.isMissingNode() || info.isEmpty()) {
      return new ServedCertificate(domain, false, null, null, null, null);
    }
    return new ServedCertificate(
        domain,
        "on".equalsIgnoreCase(info.path("ServerCertificateStatus").asText("")),
        text(info, "CertName"),
        text(info, "CertId"),
        text(info, "ServerCertificate"),
        text(info, "CertExpireTime"));
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  /** One signed call; never throws for an API or network failure. */
  private Outcome call(
      CdnCredentials credentials, CdnAction action, Map<String, String> parameters, String domain) {
    long waited;
    try {
      waited = rateLimiters.forCall(credentials.accessKeyId(), action).acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(
          CdnResult.networkFailure("interrupted while waiting for the rate limiter"));
    }
    Request request =
        signatureVersion == SignatureVersion.V3
            ? v3Request(credentials, action, parameters)
            : v1Request(credentials, action, parameters);
    long started = System.nanoTime();
    CdnResult<JsonNode> result = execute(request);
    long nanos = System.nanoTime() - started;
    listener.onCall(action, domain, result, nanos, waited);
    if (result instanceof CdnResult.Failure<JsonNode> f) {
      // the error answer: code, message and RequestId only; the URL holds the key and is not logged
      LOG.debug(
          "CDN call failed action={} domain={} code={} requestId={} httpStatus={}",
          action,
          domain,
          f.error().code(),
          f.error().requestId(),
          f.error().httpStatus());
    }
    return new Outcome(result);
  }

  private Request v3Request(
      CdnCredentials credentials, CdnAction action, Map<String, String> parameters) {
    SortedMap<String, String> query = new TreeMap<>(parameters);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("host", hostHeader());
    headers.put("x-acs-action", action.name());
    headers.put("x-acs-version", API_VERSION);
    headers.put("x-acs-date", TIMESTAMP.format(clock.instant().truncatedTo(ChronoUnit.SECONDS)));
    headers.put("x-acs-signature-nonce", nonces.get());
    headers.put("x-acs-content-sha256", AcsV3Signer.EMPTY_PAYLOAD_SHA256);
    credentials.token().ifPresent(t -> headers.put("x-acs-security-token", t));
    String authorization =
        AcsV3Signer.authorization(
            "POST",
            "/",
            query,
            headers,
            AcsV3Signer.EMPTY_PAYLOAD_SHA256,
            credentials.accessKeyId(),
            credentials.accessKeySecret());
    Request.Builder builder =
        new Request.Builder()
            .url(endpoint.newBuilder().encodedQuery(PercentEncoder.canonicalQuery(query)).build())
            .post(EMPTY)
            .header("Authorization", authorization)
            .header("Accept", "application/json");
    headers.forEach(
        (name, value) -> {
          if (!name.equals("host")) {
            builder.header(name, value);
          }
        });
    return builder.build();
  }

  private Request v1Request(
      CdnCredentials credentials, CdnAction action, Map<String, String> parameters) {
    SortedMap<String, String> query = new TreeMap<>(parameters);
    query.put("Action", action.name());
    query.put("Version", API_VERSION);
    query.put("Format", "JSON");
    query.put("AccessKeyId", credentials.accessKeyId());
    query.put("SignatureMethod", "HMAC-SHA1");
    query.put("SignatureVersion", "1.0");
    query.put("SignatureNonce", nonces.get());
    query.put("Timestamp", TIMESTAMP.format(clock.instant().truncatedTo(ChronoUnit.SECONDS)));
    credentials.token().ifPresent(t -> query.put("SecurityToken", t));
    String signature = RpcV1Signer.sign("POST", query, credentials.accessKeySecret());
    String encodedQuery =
        PercentEncoder.canonicalQuery(query) + "&Signature=" + PercentEncoder.encode(signature);
    return new Request.Builder()
        .url(endpoint.newBuilder().encodedQuery(encodedQuery).build())
        .post(EMPTY)
        .header("Accept", "application/json")
        .build();
  }

  /** The host header OkHttp will send: the host, with the port when it is not the default. */
  private String hostHeader() {
    return endpoint.port() == HttpUrl.defaultPort(endpoint.scheme())
        ? endpoint.host()
        : endpoint.host() + ":" + endpoint.port();
  }

  private CdnResult<JsonNode> execute(Request request) {
    try (Response response = http.newCall(request).execute()) {
      ResponseBody body = response.body();
      String text = body == null ? "" : body.string();
      return parse(response.code(), text);
    } catch (IOException e) {
      // OkHttp's messages name host and port at most, never the query
      return CdnResult.networkFailure(
          "no answer from the CDN API: " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  static CdnResult<JsonNode> parse(int status, String text) {
    JsonNode json;
    try {
      json = text.isBlank() ? null : JSON.readTree(text);
    } catch (IOException e) {
      json = null;
    }
    if (json == null || !json.isObject()) {
      String what = text.isBlank() ? "an empty body" : "a body that is not a JSON object";
      return new CdnResult.Failure<>(
          new ApiError(
              status >= 500 ? "HttpStatus" + status : "InvalidResponse",
              "the CDN API answered HTTP " + status + " with " + what,
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
        new ApiError(code, json.path("Message").asText(""), requestId, status));
  }

  /** A call's JSON result, mapped to the caller's type. */
  private record Outcome(CdnResult<JsonNode> result) {
    <T> CdnResult<T> map(java.util.function.Function<JsonNode, T> mapper) {
      if (result instanceof CdnResult.Success<JsonNode> s) {
        return new CdnResult.Success<>(mapper.apply(s.value()), s.requestId());
      }
      return new CdnResult.Failure<>(((CdnResult.Failure<JsonNode>) result).error());
    }
  }
}
