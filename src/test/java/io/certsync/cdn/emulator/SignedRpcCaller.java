package io.certsync.cdn.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certsync.cdn.cloudapi.CdnCredentials;
import io.certsync.cdn.cloudapi.aliyun.RpcRequestSigner;
import io.certsync.cdn.cloudapi.aliyun.SignatureVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Signs any RPC action (CAS, STS, CDN) by name with the clients' {@link RpcRequestSigner} and sends
 * it over OkHttp, with none of the clients' pacing or parsing: for driving the emulator directly.
 */
final class SignedRpcCaller {

  static final String CAS = "2020-04-07";
  static final String STS = "2015-04-01";
  static final String CDN = "2018-05-10";

  private static final ObjectMapper JSON = new ObjectMapper();
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

  private final RpcRequestSigner signer;

  SignedRpcCaller(String baseUrl, SignatureVersion version) {
    this.signer = new RpcRequestSigner(HttpUrl.get(baseUrl), version);
  }

  Answer call(
      CdnCredentials credentials, String action, String apiVersion, Map<String, String> params) {
    Request request =
        signer.sign(
            credentials, action, apiVersion, params, Instant.now(), UUID.randomUUID().toString());
    try (Response response = HTTP.newCall(request).execute()) {
      String text = response.body() == null ? "" : response.body().string();
      return new Answer(response.code(), JSON.readTree(text.isEmpty() ? "{}" : text));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
