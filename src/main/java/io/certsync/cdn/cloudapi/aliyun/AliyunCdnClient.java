package io.certsync.cdn.cloudapi.aliyun;

import com.fasterxml.jackson.databind.JsonNode;
import io.certsync.cdn.cloudapi.AccountResolver;
import io.certsync.cdn.cloudapi.CdnAction;
import io.certsync.cdn.cloudapi.CdnCertificateClient;
import io.certsync.cdn.cloudapi.CdnCredentials;
import io.certsync.cdn.cloudapi.CdnResult;
import io.certsync.cdn.cloudapi.CertificateUpload;
import io.certsync.cdn.cloudapi.ServedCertificate;
import io.certsync.cdn.cloudapi.StoredCertificateBinding;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * The CDN API (2018-05-10): set a domain's certificate by upload or by store id, turn HTTPS off,
 * read what a domain serves. Signing, pacing and parsing are {@link AliyunRpcCaller}'s.
 */
public final class AliyunCdnClient implements CdnCertificateClient {

  private final AliyunRpcCaller rpc;

  public AliyunCdnClient(AliyunRpcCaller rpc) {
    this.rpc = rpc;
  }

  /**
   * A client that paces each AccessKeyId as an account of its own; wire an {@link AliyunRpcCaller}
   * with a {@link StsAccountResolver} to pace per account.
   */
  public AliyunCdnClient(
      HttpUrl endpoint,
      SignatureVersion signatureVersion,
      OkHttpClient http,
      RateLimiters rateLimiters,
      Clock clock,
      ApiCallListener listener) {
    this(
        new AliyunRpcCaller(
            endpoint,
            signatureVersion,
            http,
            rateLimiters,
            AccountResolver.byAccessKeyId(),
            clock,
            listener));
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
    return AliyunRpcCaller.map(
        rpc.call(upload.credentials(), upload.action(), p, upload.domain()), json -> null);
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
    return AliyunRpcCaller.map(
        rpc.call(binding.credentials(), CdnAction.SetCdnDomainSSLCertificate, p, binding.domain()),
        json -> null);
  }

  @Override
  public CdnResult<Void> disableHttps(CdnCredentials credentials, CdnAction action, String domain) {
    if (!action.isWrite()) {
      throw new IllegalArgumentException(action + " does not set a domain's certificate");
    }
    Map<String, String> p = new LinkedHashMap<>();
    p.put("DomainName", domain);
    p.put(
        action == CdnAction.SetCdnDomainSSLCertificate ? "SSLProtocol" : "ServerCertificateStatus",
        "off");
    return AliyunRpcCaller.map(rpc.call(credentials, action, p, domain), json -> null);
  }

  @Override
  public CdnResult<ServedCertificate> describeCertificate(
      CdnCredentials credentials, String domain) {
    Map<String, String> p = Map.of("DomainName", domain);
    return AliyunRpcCaller.map(
        rpc.call(credentials, CdnAction.DescribeDomainCertificateInfo, p, domain),
        json -> served(domain, json));
  }

  private static ServedCertificate served(String domain, JsonNode json) {
    JsonNode infos = json.path("CertInfos").path("CertInfo");
    JsonNode info = infos.isArray() && infos.size() > 0 ? infos.get(0) : infos;
    if (info.isMissingNode() || info.isEmpty()) {
      return new ServedCertificate(domain, false, null, null, null);
    }
    return new ServedCertificate(
        domain,
        "on".equalsIgnoreCase(info.path("ServerCertificateStatus").asText("")),
        text(info, "CertName"),
        text(info, "CertId"),
        text(info, "ServerCertificate"));
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
