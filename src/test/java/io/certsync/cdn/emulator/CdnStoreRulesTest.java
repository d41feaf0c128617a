package io.certsync.cdn.emulator;

import static io.certsync.cdn.testing.RunningEmulator.KEYS;
import static org.assertj.core.api.Assertions.assertThat;

import io.certsync.cdn.certificate.Fingerprints;
import io.certsync.cdn.cloudapi.ApiError;
import io.certsync.cdn.cloudapi.CdnAction;
import io.certsync.cdn.cloudapi.CdnResult;
import io.certsync.cdn.cloudapi.CertificateUpload;
import io.certsync.cdn.cloudapi.PrivateKeyPem;
import io.certsync.cdn.cloudapi.ServedCertificate;
import io.certsync.cdn.cloudapi.StoredCertificateBinding;
import io.certsync.cdn.cloudapi.aliyun.AliyunCdnClient;
import io.certsync.cdn.cloudapi.aliyun.ApiCallListener;
import io.certsync.cdn.cloudapi.aliyun.CdnEndpoint;
import io.certsync.cdn.cloudapi.aliyun.RateLimiters;
import io.certsync.cdn.cloudapi.aliyun.SignatureVersion;
import io.certsync.cdn.testing.RunningEmulator;
import io.certsync.cdn.testing.TestCertificates;
import io.certsync.cdn.testing.TestCertificates.Issued;
import java.time.Clock;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store behind the CDN actions, driven over HTTP by the operator's CDN client. */
class CdnStoreRulesTest {

  static final String WWW = "www.example.com";
  static final String STATIC = "static.example.com";
  static Issued ca;
  static Issued site;

  @RegisterExtension
  final RunningEmulator cdn =
      RunningEmulator.serving(WWW, STATIC).and(s -> s.storedCertificate(12345L, site.chainPem()));

  AliyunCdnClient client;

  @BeforeAll
  static void certificates() {
    ca = TestCertificates.ca("Store Root");
    site = TestCertificates.leaf(ca, WWW, STATIC);
  }

  @BeforeEach
  void start() throws Exception {
    client =
        new AliyunCdnClient(
            CdnEndpoint.parse(cdn.baseUrl()),
            SignatureVersion.V3,
            new OkHttpClient(),
            new RateLimiters(),
            Clock.systemUTC(),
            ApiCallListener.NONE);
  }

  private CdnResult<Void> upload(String domain, String name, Issued cert) {
    return client.setCertificate(
        new CertificateUpload(
            KEYS,
            CdnAction.SetCdnDomainSSLCertificate,
            domain,
            name,
            null,
            cert.chainPem(),
            new PrivateKeyPem(cert.keyPkcs1OrSec1())));
  }

  private CdnResult<Void> legacyUpload(String domain, String name, Issued cert) {
    return client.setCertificate(
        new CertificateUpload(
            KEYS,
            CdnAction.SetDomainServerCertificate,
            domain,
            name,
            null,
            cert.chainPem(),
            new PrivateKeyPem(cert.keyPkcs1OrSec1())));
  }

  private ServedCertificate describe(String domain) {
    return ((CdnResult.Success<ServedCertificate>) client.describeCertificate(KEYS, domain))
        .value();
  }

  private static ApiError failure(CdnResult<?> result) {
    assertThat(result).isInstanceOf(CdnResult.Failure.class);
    return ((CdnResult.Failure<?>) result).error();
  }

  @Test
  @DisplayName("an upload creates a store entry and the domain then serves it, CertId included")
  void uploadCreatesEntry() {
    assertThat(upload(WWW, "site-1", site)).isInstanceOf(CdnResult.Success.class);
    StoreEntry entry =
        cdn.get().storeEntries().stream()
            .filter(e -> e.origin() == StoreOrigin.CDN_UPLOAD)
            .findFirst()
            .orElseThrow();
    assertThat(entry.name()).isEqualTo("site-1");
    assertThat(entry.fingerprint()).isEqualTo(Fingerprints.of(site.certificate()));
    assertThat(entry.sha1Fingerprint()).matches("[0-9A-F]{40}");
    ServedCertificate served = describe(WWW);
    assertThat(served.certId()).isEqualTo(String.valueOf(entry.id()));
    assertThat(served.certName()).isEqualTo("site-1");
    assertThat(served.certificatePem()).isEqualTo(site.chainPem());
    assertThat(cdn.get().servedExpiry(WWW))
        .isEqualTo(site.certificate().getNotAfter().toInstant().toString());
    assertThat(cdn.get().servedCertId(WWW)).isEqualTo(entry.id());
    assertThat(cdn.get().keyUploads()).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "the same certificate under a held name is refused on a second domain: Certificate.Duplicated")
  void sameCertificateSecondDomain() {
    assertThat(upload(WWW, "site-1", site)).isInstanceOf(CdnResult.Success.class);
    ApiError refused = failure(upload(STATIC, "site-1", site));
    assertThat(refused.code()).isEqualTo("Certificate.Duplicated");
    assertThat(refused.message()).isEqualTo("The certificate name already exists.");
    assertThat(cdn.get().servedFingerprint(STATIC)).isNull();
    assertThat(cdn.get().keyUploads()).isEqualTo(1);
  }

  @Test
  @DisplayName("another certificate under a held name is refused: CertNameAlreadyExists")
  void otherCertificateHeldName() {
    assertThat(upload(WWW, "site-1", site)).isInstanceOf(CdnResult.Success.class);
    Issued renewed = TestCertificates.leaf(ca, WWW, STATIC);
    ApiError refused = failure(upload(STATIC, "site-1", renewed));
    assertThat(refused.code()).isEqualTo("CertNameAlreadyExists");
    assertThat(refused.message()).isEqualTo("The CertName already exists.");
    assertThat(failure(upload(WWW, "site-1", renewed)).code()).isEqualTo("CertNameAlreadyExists");
  }

  @Test
  @DisplayName("a name the store already holds from an earlier run is refused too")
  void heldFromEarlierRun() {
    long id = cdn.get().storeEntry("earlier-run", site.chainPem());
    assertThat(failure(upload(WWW, "earlier-run", site)).code())
        .isEqualTo("Certificate.Duplicated");
    assertThat(client.bindStoredCertificate(new StoredCertificateBinding(KEYS, WWW, id, null)))
        .isInstanceOf(CdnResult.Success.class);
    assertThat(cdn.get().servedCertId(WWW)).isEqualTo(id);
  }

  @Test
  @DisplayName("the same certificate under another name is a second entry with a new id")
  void noContentDedup() {
    upload(WWW, "site-a", site);
    upload(STATIC, "site-b", site);
    assertThat(cdn.get().storeEntries())
        .filteredOn(e -> e.origin() == StoreOrigin.CDN_UPLOAD)
        .extracting(StoreEntry::name)
        .containsExactly("site-a", "site-b");
    assertThat(cdn.get().servedCertId(WWW)).isNotEqualTo(cdn.get().servedCertId(STATIC));
    assertThat(cdn.get().keyUploads()).isEqualTo(2);
  }

  @Test
  @DisplayName("legacy ForceSet=1 overwrites the held entry under the same id")
  void forceSetOverwrites() {
    assertThat(legacyUpload(WWW, "legacy", site)).isInstanceOf(CdnResult.Success.class);
    long id = cdn.get().servedCertId(WWW);
    Issued renewed = TestCertificates.leaf(ca, WWW, STATIC);
    assertThat(legacyUpload(STATIC, "legacy", renewed)).isInstanceOf(CdnResult.Success.class);
    assertThat(cdn.get().servedCertId(STATIC)).isEqualTo(id);
    assertThat(cdn.get().servedFingerprint(WWW)).isEqualTo(Fingerprints.of(renewed.certificate()));
    assertThat(cdn.get().storeEntries())
        .filteredOn(e -> e.origin() == StoreOrigin.CDN_UPLOAD)
        .hasSize(1);
  }

  @Test
  @DisplayName("legacy without ForceSet follows the same name rule")
  void legacyWithoutForceSet() {
    legacyUpload(WWW, "legacy", site);
    SignedRpcCaller rpc = new SignedRpcCaller(cdn.baseUrl(), SignatureVersion.V1);
    SignedRpcCaller.Answer answer =
        rpc.call(
            KEYS,
            "SetDomainServerCertificate",
            SignedRpcCaller.CDN,
            Map.of(
                "DomainName",
                STATIC,
                "ServerCertificateStatus",
                "on",
                "CertName",
                "legacy",
                "ServerCertificate",
                site.chainPem(),
                "PrivateKey",
                site.keyPkcs1OrSec1()));
    assertThat(answer.code()).isEqualTo("Certificate.Duplicated");
  }

  @Test
  @DisplayName("CertType=cas binds an entry by id, no key sent; describe says cas and the CertId")
  void bindById() {
    upload(WWW, "site-1", site);
    long id = cdn.get().servedCertId(WWW);
    assertThat(
            client.bindStoredCertificate(
                new StoredCertificateBinding(KEYS, STATIC, id, "ap-southeast-1")))
        .isInstanceOf(CdnResult.Success.class);
    ServedCertificate served = describe(STATIC);
    assertThat(served.certId()).isEqualTo(String.valueOf(id));
    assertThat(served.certName()).isEqualTo("site-1");
    assertThat(cdn.get().servedFingerprint(STATIC)).isEqualTo(Fingerprints.of(site.certificate()));
    assertThat(cdn.get().keyUploads()).isEqualTo(1);
    assertThat(cdn.get().calls("SetCdnDomainSSLCertificate").get(1).keySent()).isFalse();
  }

  @Test
  @DisplayName("an entry set up before the test is a console entry that can be bound by id")
  void preExistingEntry() {
    assertThat(cdn.get().storeEntries())
        .containsExactly(
            new StoreEntry(
                AccountDirectory.DEFAULT_ACCOUNT,
                12345L,
                "console-12345",
                Fingerprints.of(site.certificate()),
                cdn.get().storeEntries().get(0).sha1Fingerprint(),
                StoreOrigin.CONSOLE,
                false));
    assertThat(client.bindStoredCertificate(new StoredCertificateBinding(KEYS, WWW, 12345L, null)))
        .isInstanceOf(CdnResult.Success.class);
    assertThat(describe(WWW).certName()).isEqualTo("console-12345");
  }

  @Test
  @DisplayName("an unknown CertId is Certificate.NotFind")
  void unknownId() {
    ApiError e =
        failure(client.bindStoredCertificate(new StoredCertificateBinding(KEYS, WWW, 777L, null)));
    assertThat(e.code()).isEqualTo("Certificate.NotFind");
  }

  @Test
  @DisplayName("a deleted CertId is Certificate.NotFind")
  void deletedId() {
    SignedRpcCaller rpc = new SignedRpcCaller(cdn.baseUrl(), SignatureVersion.V3);
    assertThat(
            rpc.call(KEYS, "DeleteUserCertificate", SignedRpcCaller.CAS, Map.of("CertId", "12345"))
                .ok())
        .isTrue();
    ApiError e =
        failure(
            client.bindStoredCertificate(new StoredCertificateBinding(KEYS, WWW, 12345L, null)));
    assertThat(e.code()).isEqualTo("Certificate.NotFind");
  }

  @Test
  @DisplayName("a console change to a domain becomes a store entry the domain serves")
  void consoleServe() {
    cdn.get().serve(WWW, "by-hand", site.chainPem());
    cdn.get().serve(STATIC, "by-hand", site.chainPem());
    assertThat(cdn.get().servedCertId(WWW)).isEqualTo(cdn.get().servedCertId(STATIC));
    assertThat(describe(WWW).certName()).isEqualTo("by-hand");
    assertThat(cdn.get().servedExpiry(WWW))
        .isEqualTo(site.certificate().getNotAfter().toInstant().toString());
  }
}
