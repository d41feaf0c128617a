package io.certsync.cdn.cloudapi.aliyun;

import static io.certsync.cdn.testing.RunningEmulator.KEYS;
import static org.assertj.core.api.Assertions.assertThat;

import io.certsync.cdn.cloudapi.AccountResolver;
import io.certsync.cdn.cloudapi.CdnResult;
import io.certsync.cdn.cloudapi.CloudResource;
import io.certsync.cdn.cloudapi.PrivateKeyPem;
import io.certsync.cdn.cloudapi.StoredCertificate;
import io.certsync.cdn.cloudapi.StoredCertificateBinding;
import io.certsync.cdn.emulator.StoreEntry;
import io.certsync.cdn.testing.RunningEmulator;
import io.certsync.cdn.testing.TestCertificates;
import io.certsync.cdn.testing.TestCertificates.Issued;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The certificate-store client against the emulator's store over real HTTP. */
class AliyunCasClientEmulatorTest {

  static final String WWW = "www.example.com";
  static Issued ca;
  static Issued site;

  @RegisterExtension final RunningEmulator cdn = RunningEmulator.serving(WWW, "static.example.com");

  @BeforeAll
  static void certificates() {
    ca = TestCertificates.ca("Store Root");
    site = TestCertificates.leaf(ca, WWW, "api.example.com");
  }

  private AliyunRpcCaller rpc(SignatureVersion version) {
    return new AliyunRpcCaller(
        CdnEndpoint.parse(cdn.baseUrl()),
        version,
        new OkHttpClient(),
        new RateLimiters(),
        AccountResolver.byAccessKeyId(),
        Clock.systemUTC(),
        ApiCallListener.NONE);
  }

  private AliyunCasClient cas(int pageSize) {
    return new AliyunCasClient(rpc(SignatureVersion.V3), pageSize);
  }

  private static <T> T ok(CdnResult<T> result) {
    assertThat(result).isInstanceOf(CdnResult.Success.class);
    return ((CdnResult.Success<T>) result).value();
  }

  @ParameterizedTest
  @EnumSource(SignatureVersion.class)
  @DisplayName(
      "upload stores the chain and key once and answers the new id; detail reads the entry back"
          + " without key material, serial without padding, with either signature")
  void uploadThenDetail(SignatureVersion version) {
    AliyunCasClient cas = new AliyunCasClient(rpc(version));
    StoredCertificate uploaded =
        ok(cas.upload(KEYS, "www-1", site.chainPem(), new PrivateKeyPem(site.keyPkcs1OrSec1())));
    StoreEntry entry = cdn.get().storeEntries().get(0);
    assertThat(uploaded.id()).isEqualTo(entry.id());
    assertThat(uploaded.name()).isEqualTo("www-1");
    assertThat(cdn.get().keyUploads()).isEqualTo(1);

    StoredCertificate detail = ok(cas.detail(KEYS, uploaded.id()));
    assertThat(detail.id()).isEqualTo(entry.id());
    assertThat(detail.name()).isEqualTo("www-1");
    assertThat(detail.sha1Fingerprint()).isEqualTo(entry.sha1Fingerprint());
    assertThat(detail.serialNumber()).isEqualTo(site.certificate().getSerialNumber().toString(16));
    assertThat(detail.notAfter()).isEqualTo(site.certificate().getNotAfter().toInstant());
    assertThat(cdn.get().keysReturned()).as("CertFilter=true: no key came back").isZero();
  }

  @Test
  @DisplayName(
      "a refused upload answers the store's code, and neither it nor its message holds the key")
  void refusedUploadHidesKey() {
    AliyunCasClient cas = cas(50);
    ok(cas.upload(KEYS, "www-1", site.chainPem(), new PrivateKeyPem(site.keyPkcs1OrSec1())));
    CdnResult<StoredCertificate> again =
        cas.upload(KEYS, "www-1", site.chainPem(), new PrivateKeyPem(site.keyPkcs1OrSec1()));
    assertThat(again).isInstanceOf(CdnResult.Failure.class);
    CdnResult.Failure<StoredCertificate> f = (CdnResult.Failure<StoredCertificate>) again;
    assertThat(f.error().code()).isEqualTo("Certificate.Duplicated");
    String keyBody = TestCertificates.pemBody(site.keyPkcs1OrSec1());
    assertThat(again.toString()).doesNotContain(keyBody.substring(0, 40));
    assertThat(f.error().describe()).doesNotContain(keyBody.substring(0, 40));
  }

  @Test
  @DisplayName("an unknown id answers Certificate.NotFind as a failure, not an exception")
  void unknownDetail() {
    CdnResult<StoredCertificate> r = cas(50).detail(KEYS, 999_999);
    assertThat(r).isInstanceOf(CdnResult.Failure.class);
    assertThat(((CdnResult.Failure<StoredCertificate>) r).error().code())
        .isEqualTo("Certificate.NotFind");
  }

  @Test
  @DisplayName(
      "find reads every page of valid entries and then of expired ones, matching the keyword"
          + " only")
  void findPagesValidAndExpired() {
    AliyunCasClient cas = cas(2);
    for (int i = 1; i <= 5; i++) {
      Issued leaf = TestCertificates.leaf(ca, WWW);
      ok(cas.upload(KEYS, "www-" + i, leaf.chainPem(), new PrivateKeyPem(leaf.keyPkcs1OrSec1())));
    }
    Issued other = TestCertificates.leaf(ca, "static.example.com");
    ok(cas.upload(KEYS, "static-1", other.chainPem(), new PrivateKeyPem(other.keyPkcs1OrSec1())));
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Issued old =
        TestCertificates.leafValid(
            ca, now.minus(Duration.ofDays(100)), now.minus(Duration.ofDays(10)), WWW);
    long expiredId = cdn.get().storeEntry("www-old", old.chainPem());

    List<StoredCertificate> found = ok(cas.find(KEYS, "www-"));
    assertThat(found)
        .extracting(StoredCertificate::name)
        .containsExactlyInAnyOrder("www-1", "www-2", "www-3", "www-4", "www-5", "www-old");
    StoredCertificate expired =
        found.stream().filter(c -> c.id() == expiredId).findFirst().orElseThrow();
    assertThat(expired.notAfter()).isEqualTo(old.certificate().getNotAfter().toInstant());
    assertThat(expired.serialNumber()).isEqualTo(old.certificate().getSerialNumber().toString(16));
    assertThat(cdn.get().calls("ListUserCertificateOrder"))
        .as("3 pages of valid entries, 1 of expired ones")
        .hasSize(4);
  }

  @Test
  @DisplayName("find without a keyword lists every uploaded entry")
  void findWithoutKeyword() {
    AliyunCasClient cas = cas(50);
    ok(cas.upload(KEYS, "www-1", site.chainPem(), new PrivateKeyPem(site.keyPkcs1OrSec1())));
    Issued other = TestCertificates.leaf(ca, "static.example.com");
    ok(cas.upload(KEYS, "static-1", other.chainPem(), new PrivateKeyPem(other.keyPkcs1OrSec1())));
    assertThat(ok(cas.find(KEYS, null)))
        .extracting(StoredCertificate::name)
        .containsExactlyInAnyOrder("www-1", "static-1");
  }

  @Test
  @DisplayName(
      "resourcesUsing pages through every resource that uses the entry, CDN domains and others")
  void resourcesUsing() {
    AliyunRpcCaller rpc = rpc(SignatureVersion.V3);
    AliyunCasClient cas = new AliyunCasClient(rpc, 1);
    long id =
        ok(cas.upload(KEYS, "www-1", site.chainPem(), new PrivateKeyPem(site.keyPkcs1OrSec1())))
            .id();
    AliyunCdnClient client = new AliyunCdnClient(rpc);
    ok(client.bindStoredCertificate(new StoredCertificateBinding(KEYS, WWW, id, null)));
    cdn.get().useOutside(id, "SLB", "lb-1");

    assertThat(ok(cas.resourcesUsing(KEYS, id)))
        .containsExactlyInAnyOrder(new CloudResource("CDN", WWW), new CloudResource("SLB", "lb-1"));
    assertThat(cdn.get().calls("ListCloudResources")).hasSize(2);
  }

  @Test
  @DisplayName(
      "a server that caps its pages below ShowSize is read to the total, so no user is missed before a delete")
  void cappedPagesAreReadToTheTotal() {
    AliyunRpcCaller rpc = rpc(SignatureVersion.V3);
    AliyunCasClient cas = new AliyunCasClient(rpc, 50);
    long id = cdn.get().storeEntry("www-1", site.chainPem());
    cdn.get().useOutside(id, "SLB", "lb-1");
    cdn.get().useOutside(id, "ALB", "alb-1");
    cdn.get().casPageCap(1);

    assertThat(ok(cas.resourcesUsing(KEYS, id))).hasSize(2);
  }

  @Test
  @DisplayName("delete removes the entry from the store")
  void delete() {
    AliyunCasClient cas = cas(50);
    long id =
        ok(cas.upload(KEYS, "www-1", site.chainPem(), new PrivateKeyPem(site.keyPkcs1OrSec1())))
            .id();
    ok(cas.delete(KEYS, id));
    assertThat(cdn.get().storeEntries()).singleElement().matches(StoreEntry::deleted);
    assertThat(cas.detail(KEYS, id)).isInstanceOf(CdnResult.Failure.class);
  }
}
