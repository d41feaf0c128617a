package io.certsync.cdn.cloudapi.aliyun;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.tea.TeaRequest;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Published worked examples (shared/reference/alibaba-cdn-api.md) and the official SDK as oracle.
 *
 * <p>Longer than 300 lines: the worked examples are long literal strings, kept whole so they can be
 * compared with their sources.
 */
class SignerTest {

  private static SortedMap<String, String> params(String... kv) {
    SortedMap<String, String> m = new TreeMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  private static SortedMap<String, String> exampleE() {
    return params(
        "AccessKeyId",
        "testid",
        "Action",
        "SetCdnDomainSSLCertificate",
        "CertName",
        "k8s-default-example-tls-1",
        "CertType",
        "upload",
        "DomainName",
        "cdn.example.com",
        "Format",
        "JSON",
        "SSLProtocol",
        "on",
        "Version",
        "2018-05-10",
        "SignatureMethod",
        "HMAC-SHA1",
        "SignatureVersion",
        "1.0",
        "SignatureNonce",
        "6a6e3c2f-0000-4000-8000-000000000001",
        "Timestamp",
        "2024-01-02T03:04:05Z",
        "SSLPub",
        "-----BEGIN CERTIFICATE-----\nMIIB+zCC/aA=\n-----END CERTIFICATE-----\n",
        "SSLPri",
        "-----BEGIN EC PRIVATE KEY-----\nAb/c*d~e f\n-----END EC PRIVATE KEY-----\n");
  }

  @Test
  @DisplayName("V1 reproduces example A, the classic ECS DescribeRegions signature")
  void v1ExampleA() {
    SortedMap<String, String> p =
        params(
            "AccessKeyId",
            "testid",
            "Action",
            "DescribeRegions",
            "Format",
            "XML",
            "SignatureMethod",
            "HMAC-SHA1",
            "SignatureNonce",
            "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
            "SignatureVersion",
            "1.0",
            "Timestamp",
            "2016-02-23T12:46:24Z",
            "Version",
            "2014-05-26");
    assertThat(RpcV1Signer.stringToSign("GET", p))
        .isEqualTo(
            "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26");
    assertThat(RpcV1Signer.sign("GET", p, "testsecret")).isEqualTo("OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
    assertThat(PercentEncoder.encode("OLeaidS1JvxuMvnyHOwuJ+uX5qY="))
        .isEqualTo("OLeaidS1JvxuMvnyHOwuJ%2BuX5qY%3D");
  }

  @Test
  @DisplayName("V1 reproduces example B, DescribeDedicatedHosts")
  void v1ExampleB() {
    SortedMap<String, String> p =
        params(
            "AccessKeyId",
            "testid",
            "Action",
            "DescribeDedicatedHosts",
            "Format",
            "JSON",
            "RegionId",
            "cn-beijing",
            "SignatureMethod",
            "HMAC-SHA1",
            "SignatureNonce",
            "edb2b34af0af9a6d14deaf7c1a5315eb",
            "SignatureVersion",
            "1.0",
            "Timestamp",
            "2023-03-13T08:34:30Z",
            "Version",
            "2014-05-26");
    assertThat(RpcV1Signer.sign("GET", p, "testsecret")).isEqualTo("9NaGiOspFP5UPcwX8Iwt2YJXXuk=");
  }

  @Test
  @DisplayName("V1 reproduces example C, with a Chinese value")
  void v1ExampleC() {
    SortedMap<String, String> p =
        params(
            "AccessKeyId",
            "testId",
            "Action",
            "SendSms",
            "Format",
            "XML",
            "OutId",
            "123",
            "PhoneNumbers",
            "15300000001",
            "RegionId",
            "cn-hangzhou",
            "SignName",
            "阿里云短信测试专用",
            "SignatureMethod",
            "HMAC-SHA1",
            "SignatureNonce",
            "45e25e9b-0a6f-4070-8c85-2956eda1b466",
            "SignatureVersion",
            "1.0",
            "TemplateCode",
            "SMS_71390007",
            "TemplateParam",
            "{\"customer\":\"test\"}",
            "Timestamp",
            "2017-07-12T02:42:19Z",
            "Version",
            "2017-05-25");
    assertThat(RpcV1Signer.sign("GET", p, "testSecret")).isEqualTo("zJDF+Lrzhj/ThnlvIToysFRq6t4=");
  }

  @Test
  @DisplayName("V1 reproduces the SDK unit-test vector D and the CDN-shaped vector E")
  void v1ExamplesDandE() {
    assertThat(RpcV1Signer.sign("GET", params("query", "test", "body", "test"), "secret"))
        .isEqualTo("XlUyV4sXjOuX5FnjUz9IF9tm5rU=");
    assertThat(PercentEncoder.canonicalQuery(withoutSignature(exampleE())))
        .isEqualTo(
            "AccessKeyId=testid&Action=SetCdnDomainSSLCertificate&CertName=k8s-default-example-tls-1&CertType=upload&DomainName=cdn.example.com&Format=JSON&SSLPri=-----BEGIN%20EC%20PRIVATE%20KEY-----%0AAb%2Fc%2Ad~e%20f%0A-----END%20EC%20PRIVATE%20KEY-----%0A&SSLProtocol=on&SSLPub=-----BEGIN%20CERTIFICATE-----%0AMIIB%2BzCC%2FaA%3D%0A-----END%20CERTIFICATE-----%0A&SignatureMethod=HMAC-SHA1&SignatureNonce=6a6e3c2f-0000-4000-8000-000000000001&SignatureVersion=1.0&Timestamp=2024-01-02T03%3A04%3A05Z&Version=2018-05-10");
    assertThat(RpcV1Signer.sign("POST", exampleE(), "testsecret"))
        .isEqualTo("g6GX8rOi1pbUtvBbIVU+mgusaYA=");
  }

  private static SortedMap<String, String> withoutSignature(SortedMap<String, String> p) {
    SortedMap<String, String> c = new TreeMap<>(p);
    c.remove("Signature");
    return c;
  }

  private static Map<String, String> v3Headers(
      String host, String action, String version, String date, String nonce) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("host", host);
    h.put("x-acs-action", action);
    h.put("x-acs-version", version);
    h.put("x-acs-date", date);
    h.put("x-acs-signature-nonce", nonce);
    h.put("x-acs-content-sha256", AcsV3Signer.EMPTY_PAYLOAD_SHA256);
    return h;
  }

  @Test
  @DisplayName("V3 reproduces the published RunInstances example")
  void v3Published() {
    SortedMap<String, String> q =
        params(
            "ImageId",
            "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd",
            "RegionId",
            "cn-shanghai");
    Map<String, String> h =
        v3Headers(
            "ecs.cn-shanghai.aliyuncs.com",
            "RunInstances",
            "2014-05-26",
            "2023-10-26T10:22:32Z",
            "3156853299f313e23d1673dc12e1703d");
    assertThat(
            AcsV3Signer.sha256Hex(
                AcsV3Signer.canonicalRequest("POST", "/", q, h, AcsV3Signer.EMPTY_PAYLOAD_SHA256)
                    .getBytes()))
        .isEqualTo("7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259");
    assertThat(
            AcsV3Signer.authorization(
                "POST",
                "/",
                q,
                h,
                AcsV3Signer.EMPTY_PAYLOAD_SHA256,
                "YourAccessKeyId",
                "YourAccessKeySecret"))
        .isEqualTo(
            "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0");
  }

  @Test
  @DisplayName("V3 reproduces the SDK unit-test vector, keeping an empty query value")
  void v3SdkVector() {
    Map<String, String> h = Map.of("x-acs-test", "http");
    assertThat(
            AcsV3Signer.authorization(
                "GET",
                "/",
                params("test", "ok", "empty", ""),
                h,
                "55e12e91650d2fec56ec74e1d3e4ddbfce2ef3a65890c2a19ecf88a307e76a23",
                "acesskey",
                "secret"))
        .isEqualTo(
            "ACS3-HMAC-SHA256 Credential=acesskey,SignedHeaders=x-acs-test,Signature=02e81f9f3cc8839151b0c7278024cbc4bfc9fa786085a0b8305f825f17b5dae7");
  }

  @Test
  @DisplayName("V3 reproduces the CDN-shaped vectors, with and without an STS token")
  void v3CdnVectors() {
    SortedMap<String, String> q = new TreeMap<>(exampleE());
    // V3 carries only the operation's own parameters in the query; the rest are headers
    q.keySet()
        .removeAll(
            Set.of(
                "AccessKeyId",
                "Action",
                "Format",
                "Version",
                "SignatureMethod",
                "SignatureVersion",
                "SignatureNonce",
                "Timestamp"));
    Map<String, String> h =
        v3Headers(
            "cdn.aliyuncs.com",
            "SetCdnDomainSSLCertificate",
            "2018-05-10",
            "2024-01-02T03:04:05Z",
            "6a6e3c2f00004000800000000000001");
    assertThat(
            AcsV3Signer.authorization(
                "POST", "/", q, h, AcsV3Signer.EMPTY_PAYLOAD_SHA256, "testid", "testsecret"))
        .endsWith("Signature=9e502e0f2a934ae4509e85e2ac78f618c85efa06d30ec9a2e668795d3e5a3fe5");
    h.put("x-acs-security-token", "STS.token/with+chars=");
    assertThat(
            AcsV3Signer.authorization(
                "POST", "/", q, h, AcsV3Signer.EMPTY_PAYLOAD_SHA256, "STS.testid", "testsecret"))
        .contains(
            "SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-security-token;x-acs-signature-nonce;x-acs-version,")
        .endsWith("Signature=e4819689e6bda2599552d7c09166bfa87e7e82eaffabd48e15fc82640ee2299c");
  }

  @RepeatedTest(20)
  @DisplayName("both signers agree with the official SDK's signing functions on random parameters")
  void agreesWithOfficialSdk() throws Exception {
    Random random = new Random();
    SortedMap<String, String> p = new TreeMap<>();
    String alphabet = "aZ09-_.~ +/=*%&:\n派é!'()";
    for (int i = 0; i < 6; i++) {
      StringBuilder k = new StringBuilder("K" + i);
      StringBuilder v = new StringBuilder();
      for (int j = 0; j < 1 + random.nextInt(40); j++) {
        v.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      p.put(k.toString(), v.toString());
    }
    assertThat(RpcV1Signer.sign("POST", p, "s3cr3t"))
        .isEqualTo(
            com.aliyun.openapiutil.Client.getRPCSignature(new HashMap<>(p), "POST", "s3cr3t"));
    for (String value : p.values()) {
      assertThat(PercentEncoder.encode(value))
          .isEqualTo(com.aliyun.openapiutil.Client.percentEncode(value));
    }
    Map<String, String> h =
        v3Headers(
            "cdn.aliyuncs.com",
            "SetCdnDomainSSLCertificate",
            "2018-05-10",
            "2024-01-02T03:04:05Z",
            "n" + random.nextInt());
    TeaRequest request = TeaRequest.create();
    request.method = "POST";
    request.pathname = "/";
    request.query = new HashMap<>(p);
    request.headers = new HashMap<>(h);
    assertThat(
            AcsV3Signer.authorization(
                "POST", "/", p, h, AcsV3Signer.EMPTY_PAYLOAD_SHA256, "id", "s3cr3t"))
        .isEqualTo(
            com.aliyun.openapiutil.Client.getAuthorization(
                request, "ACS3-HMAC-SHA256", AcsV3Signer.EMPTY_PAYLOAD_SHA256, "id", "s3cr3t"));
  }
}
