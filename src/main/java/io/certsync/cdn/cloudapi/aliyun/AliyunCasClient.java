package io.certsync.cdn.cloudapi.aliyun;

import com.fasterxml.jackson.databind.JsonNode;
import io.certsync.cdn.cloudapi.ApiError;
import io.certsync.cdn.cloudapi.CdnAction;
import io.certsync.cdn.cloudapi.CdnCredentials;
import io.certsync.cdn.cloudapi.CdnResult;
import io.certsync.cdn.cloudapi.CertificateStoreClient;
import io.certsync.cdn.cloudapi.CloudResource;
import io.certsync.cdn.cloudapi.PrivateKeyPem;
import io.certsync.cdn.cloudapi.StoredCertificate;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The certificate store, Certificate Management Service (CAS, 2020-04-07), over {@link
 * AliyunRpcCaller} against {@code CAS_ENDPOINT}. Key material goes out in {@code upload} only and
 * is never asked back: {@code detail} always sends {@code CertFilter=true}.
 */
public final class AliyunCasClient implements CertificateStoreClient {

  /**
   * The store's endpoint when CAS_ENDPOINT is unset; international site: {@link #INTERNATIONAL}.
   */
  public static final String DEFAULT_ENDPOINT = "https://cas.aliyuncs.com";

  public static final String INTERNATIONAL = "https://cas.ap-southeast-1.aliyuncs.com";

  static final int PAGE_SIZE = 50;

  /** A bound on the pages read per listing, so that a server that never ends cannot loop us. */
  static final int MAX_PAGES = 200;

  private final AliyunRpcCaller rpc;
  private final int pageSize;

  /** A client of the store behind {@code rpc}, which must point at the CAS endpoint. */
  public AliyunCasClient(AliyunRpcCaller rpc) {
    this(rpc, PAGE_SIZE);
  }

  AliyunCasClient(AliyunRpcCaller rpc, int pageSize) {
    this.rpc = rpc;
    this.pageSize = pageSize;
  }

  @Override
  public CdnResult<StoredCertificate> upload(
      CdnCredentials credentials, String name, String chainPem, PrivateKeyPem privateKey) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("Name", name);
    p.put("Cert", chainPem);
    p.put("Key", privateKey.reveal());
    return AliyunRpcCaller.map(
        rpc.call(credentials, CdnAction.UploadUserCertificate, p, name),
        json -> new StoredCertificate(longField(json, "CertId"), name, null, null, null));
  }

  @Override
  public CdnResult<StoredCertificate> detail(CdnCredentials credentials, long certId) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("CertId", String.valueOf(certId));
    p.put("CertFilter", "true");
    return AliyunRpcCaller.map(
        rpc.call(credentials, CdnAction.GetUserCertificateDetail, p, String.valueOf(certId)),
        json ->
            new StoredCertificate(
                json.hasNonNull("Id") ? longField(json, "Id") : certId,
                text(json, "Name"),
                fingerprint(text(json, "Fingerprint")),
                serial(text(json, "SerialNo")),
                millis(json, "NotAfter")));
  }

  @Override
  public CdnResult<List<StoredCertificate>> find(CdnCredentials credentials, String keyword) {
    // without Status the listing holds valid entries only (ISSUED, WILLEXPIRED)
    Map<Long, StoredCertificate> found = new LinkedHashMap<>();
    for (String status : new String[] {null, "EXPIRED"}) {
      Map<String, String> p = new LinkedHashMap<>();
      p.put("OrderType", "UPLOAD");
      if (keyword != null && !keyword.isBlank()) {
        p.put("Keyword", keyword);
      }
      if (status != null) {
        p.put("Status", status);
      }
      CdnResult<List<StoredCertificate>> page =
          pages(
              credentials,
              CdnAction.ListUserCertificateOrder,
              p,
              keyword,
              "CertificateOrderList",
              "TotalCount",
              AliyunCasClient::listed);
      if (page instanceof CdnResult.Failure<List<StoredCertificate>> f) {
        return f;
      }
      // an entry that expired between the two listings appears in both
      ((CdnResult.Success<List<StoredCertificate>>) page)
          .value()
          .forEach(c -> found.putIfAbsent(c.id(), c));
    }
    return new CdnResult.Success<>(List.copyOf(found.values()), null);
  }

  @Override
  public CdnResult<Void> delete(CdnCredentials credentials, long certId) {
    return AliyunRpcCaller.map(
        rpc.call(
            credentials,
            CdnAction.DeleteUserCertificate,
            Map.of("CertId", String.valueOf(certId)),
            String.valueOf(certId)),
        json -> null);
  }

  @Override
  public CdnResult<List<CloudResource>> resourcesUsing(CdnCredentials credentials, long certId) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("CertIds", "[" + certId + "]");
    return pages(
        credentials,
        CdnAction.ListCloudResources,
        p,
        String.valueOf(certId),
        "Data",
        "Total",
        r ->
            new CloudResource(
                text(r, "CloudProduct"),
                r.hasNonNull("Domain") ? text(r, "Domain") : text(r, "InstanceId")));
  }

  /** Reads every page of a listing ({@code CurrentPage}/{@code ShowSize}) into one list. */
  private <T> CdnResult<List<T>> pages(
      CdnCredentials credentials,
      CdnAction action,
      Map<String, String> parameters,
      String subject,
      String listField,
      String totalField,
      Function<JsonNode, T> item) {
    List<T> all = new ArrayList<>();
    for (int page = 1; page <= MAX_PAGES; page++) {
      Map<String, String> p = new LinkedHashMap<>(parameters);
      p.put("CurrentPage", String.valueOf(page));
      p.put("ShowSize", String.valueOf(pageSize));
      CdnResult<Page<T>> answer =
          AliyunRpcCaller.map(
              rpc.call(credentials, action, p, subject),
              json -> {
                List<T> items = new ArrayList<>();
                JsonNode list = json.path(listField);
                if (list.isArray()) {
                  list.forEach(n -> items.add(item.apply(n)));
                }
                long total = json.path(totalField).asLong(-1);
                return new Page<>(items, total);
              });
      if (answer instanceof CdnResult.Failure<Page<T>> f) {
        return new CdnResult.Failure<>(f.error());
      }
      Page<T> got = ((CdnResult.Success<Page<T>>) answer).value();
      all.addAll(got.items());
      // with a total, read until it is reached (the server may cap the page below ShowSize);
      // without one, a short or empty page is the last
      boolean last =
          got.items().isEmpty()
              || (got.total() >= 0 ? all.size() >= got.total() : got.items().size() < pageSize);
      if (last) {
        return new CdnResult.Success<>(all, null);
      }
    }
    // a listing cut short would read as "nothing else uses it" before a delete: never succeed
    return new CdnResult.Failure<>(
        new ApiError(
            "ListingTooLong",
            action + " still had entries after " + MAX_PAGES + " pages of " + pageSize,
            null,
            0));
  }

  private record Page<T>(List<T> items, long total) {}

  private static StoredCertificate listed(JsonNode n) {
    Instant notAfter = millis(n, "CertEndTime");
    if (notAfter == null && n.hasNonNull("EndDate")) {
      // UPLOAD entries carry a date only; the certificate is valid through that day (UTC)
      notAfter =
          LocalDate.parse(n.get("EndDate").asText())
              .plusDays(1)
              .atStartOfDay()
              .toInstant(ZoneOffset.UTC)
              .minusSeconds(1);
    }
    return new StoredCertificate(
        longField(n, "CertificateId"),
        text(n, "Name"),
        fingerprint(text(n, "Fingerprint")),
        serial(text(n, "SerialNo")),
        notAfter);
  }

  private static long longField(JsonNode json, String field) {
    JsonNode v = json.get(field);
    if (v == null || v.isNull() || v.asText().isBlank()) {
      throw new IllegalArgumentException("no " + field + " in the answer");
    }
    // CAS answers numbers, but ids elsewhere in Alibaba's APIs come as strings: take both
    return v.isNumber() ? v.asLong() : Long.parseLong(v.asText().trim());
  }

  private static Instant millis(JsonNode json, String field) {
    JsonNode v = json.get(field);
    if (v == null || v.isNull() || v.asText().isBlank()) {
      return null;
    }
    return Instant.ofEpochMilli(v.isNumber() ? v.asLong() : Long.parseLong(v.asText().trim()));
  }

  private static String text(JsonNode json, String field) {
    JsonNode v = json.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static String fingerprint(String value) {
    return value == null ? null : value.replace(":", "").toUpperCase(Locale.ROOT);
  }

  /** CAS pads serial numbers with leading zeros; compare them as BigInteger prints them. */
  static String serial(String value) {
    if (value == null) {
      return null;
    }
    String hex = value.replace(":", "").trim().toLowerCase(Locale.ROOT).replaceFirst("^0+", "");
    return hex.isEmpty() ? "0" : hex;
  }
}
