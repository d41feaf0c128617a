package io.certsync.cdn.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certsync.cdn.cloudapi.CdnCredentials;
import io.certsync.cdn.cloudapi.aliyun.AcsV3Signer;
import io.certsync.cdn.cloudapi.aliyun.PercentEncoder;
import io.certsync.cdn.cloudapi.aliyun.RpcV1Signer;
import io.certsync.cdn.cloudapi.aliyun.SignatureVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Signs any RPC action (CAS, STS, CDN) with the project's signers and sends it over OkHttp, as the
 * clients do: for the actions whose client is written elsewhere.
 */
final class SignedRpcCaller {

  static final String CAS = "2020-04-07";
  static final String STS = "2015-04-01";
  static final String CDN = "2018-05-10";

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final RequestBody EMPTY = RequestBody.create(new byte[0], null);
  private static final OkHttpClient HTTP = new OkHttpClient();

  /** An answer: HTTP status and JSON body. */
  record Answer(int status, JsonNode body) {

    String code() {
      return body.path("Code").asText(null);
    }

    boolean ok() {
      return status == 200 && code() == null;
    }
  }

  private final HttpUrl endpoint;
  private final SignatureVersion version;

  SignedRpcCaller(String baseUrl, SignatureVersion version) {
    this.endpoint = HttpUrl.get(baseUrl);
    this.version = version;
  }

  Answer call(
      CdnCredentials credentials, String action, String apiVersion, Map<String, String> params) {
    Request request =
        version == SignatureVersion.V3
            ? v3(credentials, action, apiVersion, params)
            : v1(credentials, action, apiVersion, params);
    try (Response response = HTTP.newCall(request).execute()) {
      String text = response.body() == null ? "" : response.body().string();
      return new Answer(response.code(), JSON.readTree(text.isEmpty() ? "{}" : text));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Request v3(
      CdnCredentials credentials, String action, String apiVersion, Map<String, String> params) {
    SortedMap<String, String> query = new TreeMap<>(params);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("host", endpoint.host() + ":" + endpoint.port());
    headers.put("x-acs-action", action);
    headers.put("x-acs-version", apiVersion);
    headers.put("x-acs-date", TIMESTAMP.format(Instant.now().truncatedTo(ChronoUnit.SECONDS)));
    headers.put("x-acs-signature-nonce", UUID.randomUUID().toString());
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
            .header("Authorization", authorization);
    headers.forEach(
        (name, value) -> {
          if (!name.equals("host")) {
            builder.header(name, value);
          }
        });
    return builder.build();
  }

  private Request v1(
      CdnCredentials credentials, String action, String apiVersion, Map<String, String> params) {
    SortedMap<String, String> query = new TreeMap<>(params);
    query.put("Action", action);
    query.put("Version", apiVersion);
    query.put("Format", "JSON");
    query.put("AccessKeyId", credentials.accessKeyId());
    query.put("SignatureMethod", "HMAC-SHA1");
    query.put("SignatureVersion", "1.0");
    query.put("SignatureNonce", UUID.randomUUID().toString());
    query.put("Timestamp", TIMESTAMP.format(Instant.now().truncatedTo(ChronoUnit.SECONDS)));
    credentials.token().ifPresent(t -> query.put("SecurityToken", t));
    String signature = RpcV1Signer.sign("POST", query, credentials.accessKeySecret());
    String encoded =
        PercentEncoder.canonicalQuery(query) + "&Signature=" + PercentEncoder.encode(signature);
    return new Request.Builder()
        .url(endpoint.newBuilder().encodedQuery(encoded).build())
        .post(EMPTY)
        .build();
  }
}
