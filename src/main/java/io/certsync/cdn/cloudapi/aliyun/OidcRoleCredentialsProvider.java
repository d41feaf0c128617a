package io.certsync.cdn.cloudapi.aliyun;

import com.fasterxml.jackson.databind.JsonNode;
import io.certsync.cdn.cloudapi.ApiError;
import io.certsync.cdn.cloudapi.CdnCredentials;
import io.certsync.cdn.cloudapi.CdnResult;
import io.certsync.cdn.cloudapi.CredentialsProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RRSA on ACK: exchanges the projected service-account token for STS credentials with {@code
 * AssumeRoleWithOIDC} (anonymous, unsigned), caches them until shortly before their Expiration, and
 * re-reads the token file on every refresh because ACK rotates it.
 */
public final class OidcRoleCredentialsProvider implements CredentialsProvider {

  /** The settings ACK's pod-identity webhook injects. */
  public record Settings(
      HttpUrl stsEndpoint,
      String roleArn,
      String oidcProviderArn,
      Path tokenFile,
      String sessionName,
      Duration duration) {}

  private static final Logger LOG = LoggerFactory.getLogger(OidcRoleCredentialsProvider.class);
  private static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);

  private final Settings settings;
  private final OkHttpClient http;
  private final Clock clock;
  private CdnCredentials cached;

  /** How long a failed refresh waits before the next, while the credentials still hold. */
  static final Duration REFRESH_RETRY = Duration.ofSeconds(30);

  private Instant refreshAt = Instant.MIN;
  private Instant expiration = Instant.MIN;

  public OidcRoleCredentialsProvider(Settings settings, OkHttpClient http, Clock clock) {
    this.settings = settings;
    this.http = http;
    this.clock = clock;
  }

  @Override
  public synchronized CdnResult<CdnCredentials> credentials() {
    Instant now = clock.instant();
    if (cached != null && now.isBefore(refreshAt)) {
      return new CdnResult.Success<>(cached, null);
    }
    CdnResult<JsonNode> answer = assumeRole();
    if (answer instanceof CdnResult.Success<JsonNode> s) {
      JsonNode c = s.value().path("Credentials");
      String id = c.path("AccessKeyId").asText("");
      String secret = c.path("AccessKeySecret").asText("");
      String token = c.path("SecurityToken").asText("");
      Instant expires;
      try {
        expires = Instant.parse(c.path("Expiration").asText(""));
      } catch (DateTimeParseException e) {
        return failure(
            "InvalidResponse",
            "AssumeRoleWithOIDC answered without a valid Expiration",
            s.requestId());
      }
      if (id.isEmpty() || secret.isEmpty() || token.isEmpty()) {
        return failure(
            "InvalidResponse", "AssumeRoleWithOIDC answered without credentials", s.requestId());
      }
      cached = new CdnCredentials(id, secret, token);
      expiration = expires;
      Duration lifetime = Duration.between(now, expires);
      Duration margin =
          lifetime.dividedBy(4).compareTo(REFRESH_MARGIN) < 0
              ? lifetime.dividedBy(4)
              : REFRESH_MARGIN;
      refreshAt = expires.minus(margin);
      LOG.info(
          "obtained STS credentials role={} accessKeyId={} expiration={}",
          settings.roleArn(),
          id,
          expires);
      return new CdnResult.Success<>(cached, s.requestId());
    }
    ApiError error = ((CdnResult.Failure<JsonNode>) answer).error();
    if (cached != null && now.isBefore(expiration)) {
      // try again a little later, not on every call until expiration
      Instant again = now.plus(REFRESH_RETRY);
      refreshAt = again.isBefore(expiration) ? again : expiration;
      LOG.warn(
          "STS refresh failed, keeping credentials until expiration code={} expiration={}",
          error.code(),
          expiration);
      return new CdnResult.Success<>(cached, null);
    }
    return new CdnResult.Failure<>(error);
  }

  private CdnResult<JsonNode> assumeRole() {
    String token;
    try {
      token = Files.readString(settings.tokenFile(), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      return failure(
          "OIDCTokenFileUnreadable",
          "cannot read the OIDC token file " + settings.tokenFile(),
          null);
    }
    FormBody body =
        new FormBody.Builder()
            .addEncoded("RoleArn", PercentEncoder.encode(settings.roleArn()))
            .addEncoded("OIDCProviderArn", PercentEncoder.encode(settings.oidcProviderArn()))
            .addEncoded("OIDCToken", PercentEncoder.encode(token))
            .addEncoded("RoleSessionName", PercentEncoder.encode(settings.sessionName()))
            .addEncoded("DurationSeconds", String.valueOf(settings.duration().toSeconds()))
            .build();
    Request request =
        new Request.Builder()
            .url(
                settings
                    .stsEndpoint()
                    .newBuilder()
                    .encodedQuery("Action=AssumeRoleWithOIDC&Format=JSON&Version=2015-04-01")
                    .build())
            .post(body)
            .header("Accept", "application/json")
            .build();
    try (Response response = http.newCall(request).execute()) {
      String text = response.body() == null ? "" : response.body().string();
      return AliyunRpcCaller.parse(response.code(), text);
    } catch (IOException e) {
      return CdnResult.networkFailure(
          "no answer from STS: " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private static <T> CdnResult<T> failure(String code, String message, String requestId) {
    return new CdnResult.Failure<>(new ApiError(code, message, requestId, 0));
  }
}
