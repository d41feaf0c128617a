package io.certsync.cdn.emulator;

import static io.certsync.cdn.testing.RunningEmulator.KEYS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.certsync.cdn.cloudapi.aliyun.SignatureVersion;
import io.certsync.cdn.emulator.SignedRpcCaller.Answer;
import io.certsync.cdn.testing.RunningEmulator;
import io.certsync.cdn.testing.TestCertificates;
import io.certsync.cdn.testing.TestCertificates.Issued;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The CAS actions (2020-04-07) over HTTP, signed with the project's signers.
 *
 * <p>Longer than 300 lines: one test per documented field, paging rule and error of the five CAS
 * actions.
 */
class CasActionsTest {

  static final String WWW = "www.example.com";
  static Issued ca;
  static Issued site;

  @RegisterExtension final RunningEmulator cdn = RunningEmulator.serving(WWW, "static.example.com");

  SignedRpcCaller rpc;

  @BeforeAll
  static void certificates() {
    ca = TestCertificates.ca("Cas Root");
    site = TestCertificates.leaf(ca, WWW, "api.example.com");
  }

  @BeforeEach
  void start() throws Exception {
    rpc = new SignedRpcCaller(cdn.baseUrl(), SignatureVersion.V3);
  }

  private Answer cas(String action, Map<String, String> params) {
    return rpc.call(KEYS, action, SignedRpcCaller.CAS, params);
  }

  private long upload(String name, Issued cert) {
    Answer a =
        cas(
            "UploadUserCertificate",
            Map.of("Name", name, "Cert", cert.chainPem(), "Key", cert.keyPkcs1OrSec1()));
    assertThat(a.ok()).as(a.body().toString()).isTrue();
    return a.body().path("CertId").asLong();
  }

  @ParameterizedTest
  @EnumSource(SignatureVersion.class)
  @DisplayName("UploadUserCertificate answers CertId and ResourceId with either signature")
  void uploadAnswers(SignatureVersion version) {
    Answer a =
        new SignedRpcCaller(cdn.baseUrl(), version)
            .call(
                KEYS,
                "UploadUserCertificate",
                SignedRpcCaller.CAS,
                Map.of("Name", "site", "Cert", site.chainPem(), "Key", site.keyPkcs8()));
    assertThat(a.ok()).as(a.body().toString()).isTrue();
    assertThat(a.body().path("CertId").isIntegralNumber()).isTrue();
    assertThat(a.body().path("ResourceId").asText()).isNotBlank();
    assertThat(a.body().path("RequestId").asText()).isNotBlank();
    assertThat(cdn.get().storeEntries())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.id()).isEqualTo(a.body().path("CertId").asLong());
              assertThat(e.origin()).isEqualTo(StoreOrigin.CAS_UPLOAD);
            });
    assertThat(cdn.get().keyUploads()).isEqualTo(1);
    assertThat(cdn.get().calls("UploadUserCertificate")).singleElement().matches(c -> c.keySent());
  }

  @Test
  @DisplayName(
      "UploadUserCertificate keeps names unique: Certificate.Duplicated or CertNameAlreadyExists")
  void uploadNameRule() {
    upload("site", site);
    Answer same =
        cas(
            "UploadUserCertificate",
            Map.of("Name", "site", "Cert", site.chainPem(), "Key", site.keyPkcs1OrSec1()));
    assertThat(same.code()).isEqualTo("Certificate.Duplicated");
    Issued other = TestCertificates.leaf(ca, WWW);
    Answer different =
        cas(
            "UploadUserCertificate",
            Map.of("Name", "site", "Cert", other.chainPem(), "Key", other.keyPkcs1OrSec1()));
    assertThat(different.code()).isEqualTo("CertNameAlreadyExists");
    assertThat(cdn.get().keyUploads()).isEqualTo(1);
  }

  @Test
  @DisplayName("a CAS entry and a CDN upload share one name space")
  void sharedNames() {
    upload("site", site);
    Answer cdn =
        rpc.call(
            KEYS,
            "SetCdnDomainSSLCertificate",
            SignedRpcCaller.CDN,
            Map.of(
                "DomainName",
                WWW,
                "SSLProtocol",
                "on",
                "CertType",
                "upload",
                "CertName",
                "site",
                "SSLPub",
                site.chainPem(),
                "SSLPri",
                site.keyPkcs1OrSec1()));
    assertThat(cdn.code()).isEqualTo("Certificate.Duplicated");
  }

  @Test
  @DisplayName("GetUserCertificateDetail with CertFilter=true gives the facts and no PEM material")
  void detailFiltered() throws Exception {
    long id = upload("site", site);
    Answer a =
        cas("GetUserCertificateDetail", Map.of("CertId", String.valueOf(id), "CertFilter", "true"));
    JsonNode d = a.body();
    assertThat(d.has("Cert")).isFalse();
    assertThat(d.has("Key")).isFalse();
    assertThat(d.path("Id").asLong()).isEqualTo(id);
    assertThat(d.path("Name").asText()).isEqualTo("site");
    String sha1 =
        HexFormat.of()
            .withUpperCase()
            .formatHex(MessageDigest.getInstance("SHA-1").digest(site.certificate().getEncoded()));
    assertThat(d.path("Fingerprint").asText()).isEqualTo(sha1);
    String serial = d.path("SerialNo").asText();
    assertThat(serial).startsWith("0");
    assertThat(new BigInteger(serial, 16)).isEqualTo(site.certificate().getSerialNumber());
    assertThat(d.path("NotAfter").asLong())
        .isEqualTo(site.certificate().getNotAfter().toInstant().toEpochMilli());
    assertThat(d.path("NotBefore").asLong())
        .isEqualTo(site.certificate().getNotBefore().toInstant().toEpochMilli());
    assertThat(d.path("Common").asText()).isEqualTo(WWW);
    assertThat(d.path("Sans").asText()).isEqualTo("www.example.com,api.example.com");
    assertThat(d.path("Expired").asBoolean()).isFalse();
    assertThat(cdn.get().keysReturned()).isZero();
  }

  @Test
  @DisplayName("GetUserCertificateDetail without CertFilter hands the key back, and it is counted")
  void detailWithKey() {
    long id = upload("site", site);
    Answer a = cas("GetUserCertificateDetail", Map.of("CertId", String.valueOf(id)));
    assertThat(a.body().path("Cert").asText()).isEqualTo(site.chainPem());
    assertThat(a.body().path("Key").asText()).isEqualTo(site.keyPkcs1OrSec1());
    assertThat(cdn.get().keysReturned()).isEqualTo(1);
  }

  @Test
  @DisplayName("GetUserCertificateDetail of an unknown id is an error")
  void detailUnknown() {
    assertThat(cas("GetUserCertificateDetail", Map.of("CertId", "4242")).code())
        .isEqualTo("Certificate.NotFind");
  }

  @Test
  @DisplayName(
      "ListUserCertificateOrder pages the valid entries; expired ones only with Status=EXPIRED")
  void listPagingAndExpired() {
    for (int i = 0; i < 5; i++) {
      upload("site-" + i, TestCertificates.leaf(ca, WWW));
    }
    Instant now = Instant.now();
    Issued old =
        TestCertificates.leafValid(
            ca, now.minus(Duration.ofDays(100)), now.minus(Duration.ofDays(10)), WWW);
    long expiredId = cdn.get().storeEntry("site-old", old.chainPem());
    Issued soon =
        TestCertificates.leafValid(
            ca, now.minus(Duration.ofDays(80)), now.plus(Duration.ofDays(5)), WWW);
    long soonId = cdn.get().storeEntry("site-soon", soon.chainPem());

    List<Long> seen = new ArrayList<>();
    for (int page = 1; page <= 3; page++) {
      JsonNode p =
          cas(
                  "ListUserCertificateOrder",
                  Map.of(
                      "OrderType", "UPLOAD",
                      "Keyword", "site",
                      "CurrentPage", String.valueOf(page),
                      "ShowSize", "4"))
              .body();
      assertThat(p.path("TotalCount").asInt()).isEqualTo(6);
      assertThat(p.path("ShowSize").asInt()).isEqualTo(4);
      assertThat(p.path("CurrentPage").asInt()).isEqualTo(page);
      p.path("CertificateOrderList").forEach(o -> seen.add(o.path("CertificateId").asLong()));
    }
    assertThat(seen).hasSize(6).doesNotHaveDuplicates().doesNotContain(expiredId).contains(soonId);

    JsonNode expired =
        cas("ListUserCertificateOrder", Map.of("OrderType", "UPLOAD", "Status", "EXPIRED")).body();
    assertThat(expired.path("TotalCount").asInt()).isEqualTo(1);
    JsonNode row = expired.path("CertificateOrderList").get(0);
    assertThat(row.path("CertificateId").asLong()).isEqualTo(expiredId);
    assertThat(row.path("Name").asText()).isEqualTo("site-old");
    assertThat(row.path("Status").asText()).isEqualTo("EXPIRED");
    assertThat(row.path("Fingerprint").asText()).matches("[0-9A-F]{40}");
    assertThat(row.path("CertEndTime").asLong())
        .isEqualTo(old.certificate().getNotAfter().toInstant().toEpochMilli());
    assertThat(row.path("SerialNo").asText()).isNotBlank();

    JsonNode defaults = cas("ListUserCertificateOrder", Map.of("OrderType", "UPLOAD")).body();
    assertThat(defaults.path("ShowSize").asInt()).isEqualTo(50);
    assertThat(defaults.path("TotalCount").asInt()).isEqualTo(6);
    assertThat(defaults.path("CertificateOrderList"))
        .anySatisfy(o -> assertThat(o.path("Status").asText()).isEqualTo("WILLEXPIRED"));
  }

  @Test
  @DisplayName("ListUserCertificateOrder finds by name or domain, fuzzy")
  void listKeyword() {
    upload("team-a-cert", site);
    upload("other", TestCertificates.leaf(ca, "shop.example.org"));
    JsonNode byName =
        cas("ListUserCertificateOrder", Map.of("OrderType", "CERT", "Keyword", "TEAM-A")).body();
    assertThat(byName.path("TotalCount").asInt()).isEqualTo(1);
    JsonNode byDomain =
        cas("ListUserCertificateOrder", Map.of("OrderType", "UPLOAD", "Keyword", "shop.example"))
            .body();
    assertThat(byDomain.path("CertificateOrderList").get(0).path("Name").asText())
        .isEqualTo("other");
  }

  @Test
  @DisplayName("DeleteUserCertificate of an unused entry frees its name and records nothing")
  void deleteUnused() {
    long id = upload("site", site);
    assertThat(cas("DeleteUserCertificate", Map.of("CertId", String.valueOf(id))).ok()).isTrue();
    assertThat(cdn.get().storeEntries()).singleElement().matches(StoreEntry::deleted);
    assertThat(cdn.get().deletedInUse()).isEmpty();
    upload("site", site);
    assertThat(cas("DeleteUserCertificate", Map.of("CertId", String.valueOf(id))).code())
        .isEqualTo("Certificate.NotFind");
    assertThat(cas("DeleteUserCertificate", Map.of("CertId", "31337")).code())
        .isEqualTo("Certificate.NotFind");
  }

  @Test
  @DisplayName("DeleteUserCertificate of an entry a domain serves is not refused but recorded")
  void deleteInUse() {
    long id = upload("site", site);
    Answer bind =
        rpc.call(
            KEYS,
            "SetCdnDomainSSLCertificate",
            SignedRpcCaller.CDN,
            Map.of(
                "DomainName", WWW,
                "SSLProtocol", "on",
                "CertType", "cas",
                "CertId", String.valueOf(id),
                "CertRegion", "cn-hangzhou"));
    assertThat(bind.ok()).as(bind.body().toString()).isTrue();
    assertThat(cas("DeleteUserCertificate", Map.of("CertId", String.valueOf(id))).ok()).isTrue();
    assertThat(cdn.get().deletedInUse())
        .containsExactly(new DeletedInUse(id, "site", List.of("CDN:" + WWW)));
    assertThat(cdn.get().servedFingerprint(WWW)).isNotNull();
  }

  @Test
  @DisplayName("ListCloudResources reports the CDN domains and outside resources using an entry")
  void cloudResources() {
    long id = upload("site", site);
    long unused = upload("spare", TestCertificates.leaf(ca, WWW));
    rpc.call(
        KEYS,
        "SetCdnDomainSSLCertificate",
        SignedRpcCaller.CDN,
        Map.of("DomainName", WWW, "SSLProtocol", "on", "CertType", "cas", "CertId", "" + id));
    cdn.get().useOutside(id, "SLB", "lb-1");

    JsonNode all =
        cas("ListCloudResources", Map.of("CertIds", "[" + id + "," + unused + "]")).body();
    assertThat(all.path("Total").asInt()).isEqualTo(2);
    List<String> rows = new ArrayList<>();
    all.path("Data")
        .forEach(
            r -> {
              assertThat(r.path("CertId").asLong()).isEqualTo(id);
              rows.add(r.path("CloudProduct").asText() + ":" + r.path("Domain").asText());
            });
    assertThat(rows).containsExactly("CDN:" + WWW, "SLB:lb-1");

    JsonNode slb =
        cas("ListCloudResources", Map.of("CertIds", "[" + id + "]", "CloudProduct", "SLB")).body();
    assertThat(slb.path("Total").asInt()).isEqualTo(1);
    JsonNode paged =
        cas(
                "ListCloudResources",
                Map.of("CertIds", "[" + id + "]", "CurrentPage", "2", "ShowSize", "1"))
            .body();
    assertThat(paged.path("Data").get(0).path("CloudProduct").asText()).isEqualTo("SLB");

    assertThat(cas("DeleteUserCertificate", Map.of("CertId", String.valueOf(unused))).ok())
        .isTrue();
    assertThat(cdn.get().deletedInUse()).isEmpty();
  }

  @Test
  @DisplayName("a CAS action under the CDN version is InvalidVersion, each limited to 10/s")
  void versionAndLimit() {
    Answer wrong =
        rpc.call(
            KEYS, "ListUserCertificateOrder", SignedRpcCaller.CDN, Map.of("OrderType", "UPLOAD"));
    assertThat(wrong.code()).isEqualTo("InvalidVersion");
    assertThat(wrong.body().path("HostId").asText()).isEqualTo("cas.aliyuncs.com");
    assertThat(ApiCatalog.defaultLimits())
        .containsEntry("UploadUserCertificate", 10)
        .containsEntry("GetUserCertificateDetail", 10)
        .containsEntry("ListUserCertificateOrder", 10)
        .containsEntry("DeleteUserCertificate", 10)
        .containsEntry("ListCloudResources", 10);
  }

  @Test
  @DisplayName("an invalid upload is refused by the emulator's own checks, nothing stored")
  void invalidUpload() {
    Issued other = TestCertificates.leaf(ca, WWW);
    Answer mismatch =
        cas(
            "UploadUserCertificate",
            Map.of("Name", "x", "Cert", site.chainPem(), "Key", other.keyPkcs1OrSec1()));
    assertThat(mismatch.code()).isEqualTo("Certificate.MissMatch");
    assertThat(mismatch.body().toString())
        .doesNotContain(TestCertificates.pemBody(other.keyPkcs1OrSec1()).substring(0, 40));
    assertThat(cdn.get().storeEntries()).isEmpty();
    assertThat(cdn.get().keyUploads()).isZero();
  }
}
