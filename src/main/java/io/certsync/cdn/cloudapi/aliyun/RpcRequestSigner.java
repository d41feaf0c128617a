package io.certsync.cdn.cloudapi.aliyun;

import io.certsync.cdn.cloudapi.CdnCredentials;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Builds one signed RPC request as the official SDK sends it: {@code POST /} to the endpoint, every
 * parameter in the query, an empty body, signed with V3 ({@code ACS3-HMAC-SHA256} in the
 * Authorization header) or V1 ({@code Signature} in the query). The URL can carry a private key:
 * never log it.
 */
public final class RpcRequestSigner {

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
  private static final RequestBody EMPTY = RequestBody.create(new byte[0], null);

  private final HttpUrl endpoint;
  private final SignatureVersion version;

  public RpcRequestSigner(HttpUrl endpoint, SignatureVersion version) {
    this.endpoint = endpoint;
    this.version = version;
  }

  public HttpUrl endpoint() {
    return endpoint;
  }

  public RpcRequestSigner withEndpoint(HttpUrl other) {
    return new RpcRequestSigner(other, version);
  }

  /** The request for {@code action} of the API version, signed at {@code now} with the nonce. */
  public Request sign(
      CdnCredentials credentials,
      String action,
      String apiVersion,
      Map<String, String> parameters,
      Instant now,
      String nonce) {
    Call call =
        new Call(
            credentials,
            action,
            apiVersion,
            new TreeMap<>(parameters),
            TIMESTAMP.format(now.truncatedTo(ChronoUnit.SECONDS)),
            nonce);
    return version == SignatureVersion.V3 ? v3(call) : v1(call);
  }

  /** What one request is made of; {@code query} is a fresh copy to add to. */
  private record Call(
      CdnCredentials credentials,
      String action,
      String apiVersion,
      SortedMap<String, String> query,
      String timestamp,
      String nonce) {}

  private Request v3(Call call) {
    CdnCredentials credentials = call.credentials();
    SortedMap<String, String> query = call.query();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("host", hostHeader());
    headers.put("x-acs-action", call.action());
    headers.put("x-acs-version", call.apiVersion());
    headers.put("x-acs-date", call.timestamp());
    headers.put("x-acs-signature-nonce", call.nonce());
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

  private Request v1(Call call) {
    CdnCredentials credentials = call.credentials();
    SortedMap<String, String> query = call.query();
    query.put("Action", call.action());
    query.put("Version", call.apiVersion());
    query.put("Format", "JSON");
    query.put("AccessKeyId", credentials.accessKeyId());
    query.put("SignatureMethod", "HMAC-SHA1");
    query.put("SignatureVersion", "1.0");
    query.put("SignatureNonce", call.nonce());
    query.put("Timestamp", call.timestamp());
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
}
