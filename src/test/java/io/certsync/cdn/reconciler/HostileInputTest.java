package io.certsync.cdn.reconciler;

import static io.certsync.cdn.testing.OperatorHarness.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.certsync.cdn.api.v1alpha1.SecretReference;
import io.certsync.cdn.testing.OperatorHarness;
import io.certsync.cdn.testing.TestCertificates;
import io.certsync.cdn.testing.TestCertificates.Issued;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The hostile-input catalogue: each case is a binding with something wrong around it, all side by
 * side with one good binding in one operator. Each must end with a precise reason and message, no
 * crash, no hot loop (calls bounded over a quiet period), the good binding unaffected, and no key
 * material in any output.
 *
 * <p>Longer than 300 lines on purpose: the catalogue is one table read top to bottom, its cases run
 * side by side in one operator.
 */
class HostileInputTest {

  /**
   * One case: what is set up, the Ready it must end with, and how many calls it may make while
   * quiet.
   */
  record Case(
      String name,
      List<String> domains,
      String status,
      String reason,
      String message,
      int quietCalls,
      Runnable setup) {}

  static OperatorHarness h;
  static Issued ca;
  static final Map<String, Case> CASES = new LinkedHashMap<>();

  @AfterAll
  static void close() {
    if (h != null) {
      h.close();
    }
  }

  private static void add(
      String name,
      String status,
      String reason,
      String message,
      int quietCalls,
      Runnable setup,
      String... domains) {
    CASES.put(name, new Case(name, List.of(domains), status, reason, message, quietCalls, setup));
  }

  private static void failing(String name, String reason, String message, Runnable setup) {
    add(name, "False", reason, message, 0, setup, name + ".example.com");
  }

  private static Issued leafFor(String... names) {
    return TestCertificates.leaf(ca, names);
  }

  private static void secret(String name, String crt, String key) {
    h.tlsSecret(name, crt, key);
  }

  private static void binding(String name, String secret, String... domains) {
    h.createBinding(name, secret, domains);
  }

  /** A binding "name" on domain name.example.com with a Secret of this chain and key. */
  private static Runnable pair(String name, String crt, String key) {
    return () -> {
      secret(name, crt, key);
      binding(name, name, name + ".example.com");
    };
  }

  private static Runnable rawSecret(String name, String type, Map<String, String> data) {
    return () -> {
      h.apply(
          new SecretBuilder()
              .withNewMetadata()
              .withName(name)
              .withNamespace(NAMESPACE)
              .endMetadata()
              .withType(type)
              .withData(data)
              .build());
      binding(name, name, name + ".example.com");
    };
  }

  private static String privateKeyPem(String algorithm) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
      return TestCertificates.pkcs8Pem(g.generateKeyPair().getPrivate());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static void catalogue() {
    Instant now = Instant.now();
    String b64 = TestCertificates.base64("x");

    Issued good = leafFor("good.example.com");
    add(
        "good",
        "True",
        "Synced",
        "1/1 domains serve",
        0,
        pair("good", good.chainPem(), good.keyPkcs1OrSec1()),
        "good.example.com");

    failing(
        "garbage",
        "CertificateMalformed",
        "holds no PEM block",
        () -> pair("garbage", "hello world", good.keyPkcs1OrSec1()).run());
    Issued t = leafFor("truncated-cert.example.com");
    failing(
        "truncated-cert",
        "CertificateMalformed",
        "tls.crt",
        pair("truncated-cert", t.chainPem().substring(0, 300), t.keyPkcs1OrSec1()));
    Issued tk = leafFor("truncated-key.example.com");
    failing(
        "truncated-key",
        "PrivateKeyMalformed",
        "tls.key",
        pair("truncated-key", tk.chainPem(), tk.keyPkcs1OrSec1().substring(0, 200)));
    Issued big = leafFor("ten-megabytes.example.com");
    failing(
        "ten-megabytes",
        "CertificateMalformed",
        "more than the limit",
        pair("ten-megabytes", big.chainPem() + "A".repeat(10 * 1024 * 1024), big.keyPkcs1OrSec1()));
    Issued intermediate = TestCertificates.intermediate("Hostile Intermediate", ca);
    Issued chained = TestCertificates.leaf(intermediate, "wrong-order.example.com");
    String reversed =
        TestCertificates.pem(ca.certificate())
            + TestCertificates.pem(intermediate.certificate())
            + chained.certificatePem();
    add(
        "wrong-order",
        "True",
        "Synced",
        "1/1 domains serve",
        0,
        pair("wrong-order", reversed, chained.keyPkcs1OrSec1()),
        "wrong-order.example.com");
    Issued stranger = TestCertificates.ca("Stranger");
    Issued unlinked = leafFor("unlinked.example.com");
    failing(
        "unlinked",
        "CertificateMalformed",
        "does not form one chain",
        pair(
            "unlinked",
            unlinked.certificatePem() + TestCertificates.pem(stranger.certificate()),
            unlinked.keyPkcs1OrSec1()));
    Issued enc = leafFor("encrypted-pkcs8.example.com");
    failing(
        "encrypted-pkcs8",
        "PrivateKeyMalformed",
        "encrypted",
        pair(
            "encrypted-pkcs8",
            enc.chainPem(),
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHDBOBgkqhkiG9w0BBQ0wQTApBgkqhkiG9w0BBQwwHAQIAAAAAAAAAAACAggA\n-----END ENCRYPTED PRIVATE KEY-----\n"));
    Issued enc2 = leafFor("encrypted-legacy.example.com");
    failing(
        "encrypted-legacy",
        "PrivateKeyMalformed",
        "encrypted",
        pair(
            "encrypted-legacy",
            enc2.chainPem(),
            "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00000000000000000000000000000000\n\nAAAA\n-----END RSA PRIVATE KEY-----\n"));
    Issued dsa = leafFor("dsa-key.example.com");
    failing(
        "dsa-key",
        "PrivateKeyMalformed",
        "unsupported key type",
        pair("dsa-key", dsa.chainPem(), privateKeyPem("DSA")));
    Issued ed = leafFor("ed25519-key.example.com");
    failing(
        "ed25519-key",
        "PrivateKeyMalformed",
        "unsupported key type",
        pair("ed25519-key", ed.chainPem(), privateKeyPem("Ed25519")));
    Issued mine = leafFor("mismatched.example.com");
    Issued theirs = leafFor("mismatched.example.com");
    failing(
        "mismatched",
        "KeyPairMismatch",
        "does not belong to the leaf",
        pair("mismatched", mine.chainPem(), theirs.keyPkcs1OrSec1()));
    Issued expired =
        TestCertificates.leafValid(
            ca,
            now.minus(Duration.ofDays(90)),
            now.minus(Duration.ofDays(1)),
            "expired.example.com");
    failing(
        "expired",
        "CertificateExpired",
        "expired at",
        pair("expired", expired.chainPem(), expired.keyPkcs1OrSec1()));
    Issued future =
        TestCertificates.leafValid(
            ca, now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(90)), "future.example.com");
    failing(
        "future",
        "CertificateNotYetValid",
        "not valid before",
        pair("future", future.chainPem(), future.keyPkcs1OrSec1()));
    Issued upper = leafFor("uppercase.example.com");
    add(
        "uppercase",
        "True",
        "Synced",
        "1/1 domains serve",
        0,
        () -> {
          secret("uppercase", upper.chainPem(), upper.keyPkcs1OrSec1());
          binding("uppercase", "uppercase", "UPPERCASE.Example.COM");
        },
        "uppercase.example.com");
    Issued dot = leafFor("trailing-dot.example.com");
    add(
        "trailing-dot",
        "True",
        "Synced",
        "1/1 domains serve",
        0,
        () -> {
          secret("trailing-dot", dot.chainPem(), dot.keyPkcs1OrSec1());
          binding("trailing-dot", "trailing-dot", "trailing-dot.example.com.");
        },
        "trailing-dot.example.com");
    Issued idn = leafFor("xn--bcher-kva.example.com");
    add(
        "idn-unicode",
        "False",
        "DomainInvalid",
        "punycode",
        0,
        () -> {
          secret("idn-unicode", idn.chainPem(), idn.keyPkcs1OrSec1());
          binding("idn-unicode", "idn-unicode", "bücher.example.com");
        },
        "bücher.example.com");
    add(
        "idn-punycode",
        "True",
        "Synced",
        "1/1 domains serve",
        0,
        () -> {
          secret("idn-punycode", idn.chainPem(), idn.keyPkcs1OrSec1());
          binding("idn-punycode", "idn-punycode", "xn--bcher-kva.example.com");
        },
        "xn--bcher-kva.example.com");
    Issued wild = leafFor("*.wild.example.com");
    add(
        "wildcard-cdn-domain",
        "True",
        "Synced",
        "1/1 domains serve",
        0,
        () -> {
          secret("wildcard-cdn-domain", wild.chainPem(), wild.keyPkcs1OrSec1());
          binding("wildcard-cdn-domain", "wildcard-cdn-domain", ".wild.example.com");
        },
        ".wild.example.com");
    add(
        "star-domain",
        "False",
        "DomainInvalid",
        "wildcards as .example.com",
        0,
        () -> {
          secret("star-domain", wild.chainPem(), wild.keyPkcs1OrSec1());
          binding("star-domain", "star-domain", "*.wild.example.com");
        },
        "star.example.com");
    Issued many = leafFor("*.many.example.com");
    add(
        "too-many-domains",
        "False",
        "DomainInvalid",
        "at most 100 domains",
        0,
        () -> {
          secret("too-many-domains", many.chainPem(), many.keyPkcs1OrSec1());
          List<String> domains = new ArrayList<>();
          for (int i = 0; i < 101; i++) {
            domains.add("d" + i + ".many.example.com");
          }
          binding("too-many-domains", "too-many-domains", domains.toArray(String[]::new));
        },
        "d100.many.example.com");
    Issued dup = leafFor("duplicate.example.com");
    add(
        "duplicate-domains",
        "False",
        "DomainInvalid",
        "listed more than once",
        0,
        () -> {
          secret("duplicate-domains", dup.chainPem(), dup.keyPkcs1OrSec1());
          binding(
              "duplicate-domains",
              "duplicate-domains",
              "duplicate.example.com",
              "Duplicate.example.com");
        },
        "duplicate.example.com");
    failing(
        "wrong-type",
        "SecretTypeInvalid",
        "has type Opaque",
        rawSecret("wrong-type", "Opaque", Map.of("tls.crt", b64, "tls.key", b64)));
    Issued half = leafFor("missing-key.example.com");
    failing(
        "missing-key",
        "SecretMissingData",
        "no tls.key",
        rawSecret(
            "missing-key",
            "kubernetes.io/tls",
            Map.of("tls.crt", TestCertificates.base64(half.chainPem()))));
    failing(
        "missing-cert",
        "SecretMissingData",
        "no tls.crt",
        rawSecret("missing-cert", "kubernetes.io/tls", Map.of("tls.key", b64)));
    failing(
        "empty-cert",
        "SecretMissingData",
        "no tls.crt",
        rawSecret("empty-cert", "kubernetes.io/tls", Map.of("tls.crt", "", "tls.key", b64)));
    Issued noSan = TestCertificates.leaf(ca, "no-san-other.example.com");
    failing(
        "no-san",
        "DomainNotCovered",
        "not covered",
        pair("no-san", noSan.chainPem(), noSan.keyPkcs1OrSec1()));
    Issued twoKeys = leafFor("two-keys.example.com");
    failing(
        "two-keys",
        "PrivateKeyMalformed",
        "exactly one private key",
        pair("two-keys", twoKeys.chainPem(), twoKeys.keyPkcs1OrSec1() + twoKeys.keyPkcs1OrSec1()));
    Issued certAsKey = leafFor("cert-as-key.example.com");
    failing(
        "cert-as-key",
        "PrivateKeyMalformed",
        "not a private key",
        pair("cert-as-key", certAsKey.chainPem(), certAsKey.certificatePem()));
    Issued crlf = leafFor("crlf.example.com");
    add(
        "crlf",
        "True",
        "Synced",
        "1/1 domains serve",
        0,
        pair(
            "crlf",
            crlf.chainPem().replace("\n", "\r\n"),
            crlf.keyPkcs1OrSec1().replace("\n", "\r\n")),
        "crlf.example.com");
    byte[] noise = new byte[4096];
    new Random(1).nextBytes(noise);
    failing(
        "binary-noise",
        "CertificateMalformed",
        "tls.crt",
        rawSecret(
            "binary-noise",
            "kubernetes.io/tls",
            Map.of(
                "tls.crt", java.util.Base64.getEncoder().encodeToString(noise), "tls.key", b64)));
    Issued badB64 = leafFor("bad-base64-key.example.com");
    failing(
        "bad-base64-key",
        "PrivateKeyMalformed",
        "not valid base64",
        pair(
            "bad-base64-key",
            badB64.chainPem(),
            "-----BEGIN RSA PRIVATE KEY-----\n!!!not*base64!!!\n-----END RSA PRIVATE KEY-----\n"));
    Issued creds = leafFor("no-credentials.example.com");
    add(
        "no-credentials",
        "False",
        "CredentialsNotFound",
        "does not exist",
        0,
        () -> {
          secret("no-credentials", creds.chainPem(), creds.keyPkcs1OrSec1());
          h.createBinding(
              "no-credentials",
              "no-credentials",
              s -> s.setCredentialsSecretRef(new SecretReference("missing-creds")),
              "no-credentials.example.com");
        },
        "no-credentials.example.com");
    Issued shared = leafFor("other-namespace.example.com");
    add(
        "other-namespace",
        "False",
        "SecretNotFound",
        "Secret web/shared does not exist",
        0,
        () -> {
          h.client
              .secrets()
              .inNamespace("other")
              .resource(
                  new SecretBuilder()
                      .withNewMetadata()
                      .withName("shared")
                      .withNamespace("other")
                      .endMetadata()
                      .withType("kubernetes.io/tls")
                      .addToData("tls.crt", TestCertificates.base64(shared.chainPem()))
                      .addToData("tls.key", TestCertificates.base64(shared.keyPkcs1OrSec1()))
                      .build())
              .create();
          binding("other-namespace", "shared", "other-namespace.example.com");
        },
        "other-namespace.example.com");
    add(
        "slash-in-name",
        "False",
        "SecretNotFound",
        "is not a Secret name; Secrets are read from the binding's namespace web only",
        0,
        () -> binding("slash-in-name", "other/shared", "slash-in-name.example.com"),
        "slash-in-name.example.com");
    Issued api1 = leafFor("not-json.example.com");
    add(
        "not-json",
        "False",
        "HttpStatus502",
        "HTTP 502 with a body that is not a JSON object",
        6,
        () -> {
          h.emulator.rawAnswer(
              "not-json.example.com", 502, "<html><body>Bad Gateway</body></html>");
          pair("not-json", api1.chainPem(), api1.keyPkcs1OrSec1()).run();
        },
        "not-json.example.com");
    Issued api2 = leafFor("empty-body.example.com");
    add(
        "empty-body",
        "False",
        "InvalidResponse",
        "with an empty body",
        0,
        () -> {
          h.emulator.rawAnswer("empty-body.example.com", 400, "");
          pair("empty-body", api2.chainPem(), api2.keyPkcs1OrSec1()).run();
        },
        "empty-body.example.com");
    Issued api3 = leafFor("unknown-code.example.com");
    add(
        "unknown-code",
        "False",
        "WeirdNewCode",
        "Weird.New-Code: something new",
        0,
        () -> {
          h.emulator.forceError("unknown-code.example.com", "Weird.New-Code", 400, "something new");
          pair("unknown-code", api3.chainPem(), api3.keyPkcs1OrSec1()).run();
        },
        "unknown-code.example.com");
    Issued api4 = leafFor("ok-with-error.example.com");
    add(
        "ok-with-error",
        "False",
        "InvalidSSLPub",
        "InvalidSSLPub: The specified SSLPub is invalid.",
        0,
        () -> {
          h.emulator.rawAnswer(
              "ok-with-error.example.com",
              200,
              "{\"RequestId\":\"R-200\",\"Code\":\"InvalidSSLPub\",\"Message\":\"The specified SSLPub is invalid.\"}");
          pair("ok-with-error", api4.chainPem(), api4.keyPkcs1OrSec1()).run();
        },
        "ok-with-error.example.com");
  }

  @TestFactory
  Stream<DynamicTest> hostileInputs() throws Exception {
    ca = TestCertificates.ca("Hostile CA");
    h =
        new OperatorHarness(
            s -> {
              for (String d :
                  List.of(
                      "good",
                      "wrong-order",
                      "uppercase",
                      "trailing-dot",
                      "crlf",
                      "not-json",
                      "empty-body",
                      "unknown-code",
                      "ok-with-error",
                      "no-credentials",
                      "duplicate",
                      "other-namespace",
                      "slash-in-name",
                      "mismatched",
                      "expired",
                      "future")) {
                s.domain(d + ".example.com");
              }
              s.domain("xn--bcher-kva.example.com").domain(".wild.example.com");
            });
    h.startOperator();
    catalogue();
    CASES.values().forEach(c -> c.setup().run());
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              for (Case c : CASES.values()) {
                Condition ready = h.ready(c.name());
                assertThat(ready).as(c.name()).isNotNull();
                assertThat(ready.getStatus() + "/" + ready.getReason())
                    .as(c.name())
                    .isEqualTo(c.status() + "/" + c.reason());
              }
            });
    Map<String, Integer> callsBefore = callsByBinding();
    Thread.sleep(3000);
    Map<String, Integer> callsAfter = callsByBinding();
    List<DynamicTest> tests = new ArrayList<>();
    for (Case c : CASES.values()) {
      tests.add(
          DynamicTest.dynamicTest(
              c.name() + " ends " + c.reason() + " without a hot loop",
              () -> {
                Condition ready = h.ready(c.name());
                assertThat(ready.getStatus() + "/" + ready.getReason())
                    .isEqualTo(c.status() + "/" + c.reason());
                assertThat(ready.getMessage()).contains(c.message());
                int quiet =
                    callsAfter.getOrDefault(c.name(), 0) - callsBefore.getOrDefault(c.name(), 0);
                assertThat(quiet)
                    .as("API calls in 3 quiet seconds")
                    .isLessThanOrEqualTo(c.quietCalls());
              }));
    }
    tests.add(
        DynamicTest.dynamicTest(
            "there are at least 30 hostile cases",
            () -> assertThat(CASES).hasSizeGreaterThanOrEqualTo(31)));
    tests.add(
        DynamicTest.dynamicTest(
            "the good binding synced beside them, and a chain in the wrong order was sent leaf first",
            () -> {
              assertThat(h.emulator.certificateWrites("good.example.com")).isEqualTo(1);
              String servedLeaf = h.emulator.servedFingerprint("wrong-order.example.com");
              assertThat(h.binding("wrong-order").getStatus().getCertificate().getFingerprint())
                  .isEqualTo(servedLeaf);
            }));
    tests.add(
        DynamicTest.dynamicTest(
            "failures found before any call made no call",
            () -> {
              for (Case c : CASES.values()) {
                if (c.quietCalls() == 0
                    && c.status().equals("False")
                    && !c.name()
                        .matches(
                            "not-json|empty-body|unknown-code|ok-with-error|duplicate-domains")) {
                  for (String d : c.domains()) {
                    assertThat(h.emulator.calls(call -> d.equals(call.domain())))
                        .as(c.name())
                        .isEmpty();
                  }
                }
              }
            }));
    tests.add(
        DynamicTest.dynamicTest(
            "no key material in logs, Events or status", () -> h.assertNoSecretLeaked()));
    return tests.stream();
  }

  private static Map<String, Integer> callsByBinding() {
    Map<String, Integer> counts = new HashMap<>();
    for (Case c : CASES.values()) {
      counts.put(
          c.name(),
          (int)
              h.emulator.calls().stream()
                  .filter(call -> call.domain() != null && c.domains().contains(call.domain()))
                  .count());
    }
    return counts;
  }
}
