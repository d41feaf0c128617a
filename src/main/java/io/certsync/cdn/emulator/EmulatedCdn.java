package io.certsync.cdn.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.certsync.cdn.certificate.CertificateInfo;
import io.certsync.cdn.certificate.PreflightChecker;
import io.certsync.cdn.certificate.PreflightResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one emulated account's CDN holds: its domains and what each serves, the certificate store,
 * and the certificate actions on them with the documented error codes. Thread-safe.
 */
final class EmulatedCdn {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_CERT_NAME = 128;

  private final PreflightChecker checker = new PreflightChecker();
  private final Map<String, EmulatedDomain> domains = new LinkedHashMap<>();
  private final Map<String, String> certStore = new HashMap<>(); // certName -> fingerprint
  private final Map<String, Long> certIds = new HashMap<>(); // certName -> CertId
  private final Map<Long, String> storedCertificates = new HashMap<>(); // CertId -> chain PEM
  private long nextCertId = 9_000_000;

  EmulatedCdn(Map<String, DomainState> domains, Map<Long, String> storedCertificates) {
    domains.forEach((name, state) -> this.domains.put(name, new EmulatedDomain(name, state)));
    this.storedCertificates.putAll(storedCertificates);
  }

  synchronized void addDomain(String name, DomainState state) {
    domains.put(name, new EmulatedDomain(name, state));
  }

  synchronized void domainState(String name, DomainState state) {
    domains.get(name).state = state;
  }

  /** The emulated domains, in the order they were added. */
  synchronized List<String> domainNames() {
    return List.copyOf(domains.keySet());
  }

  synchronized DomainState domainState(String name) {
    return domains.get(name).state;
  }

  /** What the domain serves: its leaf fingerprint, or null without HTTPS. */
  synchronized String servedFingerprint(String domain) {
    EmulatedDomain d = domains.get(domain);
    return d == null || !d.httpsEnabled ? null : d.fingerprint;
  }

  synchronized String servedExpiry(String domain) {
    EmulatedDomain d = domains.get(domain);
    return d == null || !d.httpsEnabled ? null : d.expireTime;
  }

  /** Sets what a domain serves, as a change in the console would. */
  synchronized void serve(String domain, String certName, String certificatePem) {
    EmulatedDomain d = domains.get(domain);
    CertificateInfo info = leafInfo(certificatePem);
    d.httpsEnabled = true;
    d.certName = certName;
    d.certId = null;
    d.certificatePem = certificatePem;
    d.fingerprint = info.fingerprint();
    d.expireTime = info.notAfter().toString();
  }

  /** Applies a certificate write; answers the uploaded leaf fingerprint, or null for HTTPS off. */
  String setCertificate(
      Map<String, String> q, Instant now, String switchParam, String pubParam, String priParam)
      throws EmulatorException {
    String name = required(q, "DomainName");
    EmulatedDomain domain = domainFor(name);
    String sw = q.get(switchParam);
    if (!"on".equals(sw) && !"off".equals(sw)) {
      throw new EmulatorException(
          400,
          "InvalidSSLProtocol.ValueNotSupported",
          "The specified " + switchParam + " is not supported.");
    }
    if ("off".equals(sw)) {
      synchronized (this) {
        domain.httpsEnabled = false;
      }
      return null;
    }
    String region = q.get("CertRegion");
    if (region != null && !region.equals("cn-hangzhou") && !region.equals("ap-southeast-1")) {
      throw new EmulatorException(
          400, "Abs.CertRegion.ValueNotSupported", "The specified CertRegion is not supported.");
    }
    if ("cas".equals(q.get("CertType"))) {
      return bindStored(q, domain);
    }
    String certName = q.get("CertName");
    if (certName == null || certName.isEmpty()) {
      throw new EmulatorException(
          404, "CertName.MissingParameter", "The CertName parameter is required.");
    }
    if (certName.length() > MAX_CERT_NAME) {
      throw new EmulatorException(
          400,
          "InvalidCertName.TooLong",
          "The length of the certificate name cannot exceed 128 characters.");
    }
    String pub = q.get(pubParam);
    String pri = q.get(priParam);
    if (pub == null || pub.isEmpty()) {
      throw new EmulatorException(
          400, "SSLPub.MissingParameter", "The SSLPub parameter is required.");
    }
    if (pri == null || pri.isEmpty()) {
      throw new EmulatorException(
          400, "SSLPri.MissingParameter", "The SSLPri parameter is required.");
    }
    PreflightResult result =
        checker.check(
            pub.getBytes(StandardCharsets.US_ASCII), pri.getBytes(StandardCharsets.US_ASCII), now);
    if (result instanceof PreflightResult.Failed failed) {
      throw switch (failed.failure().reason()) {
        case CertificateMalformed ->
            new EmulatorException(400, "InvalidSSLPub", "The specified SSLPub is invalid.");
        case PrivateKeyMalformed ->
            new EmulatorException(400, "InvalidSSLPri", "The specified SSLPri is invalid.");
        case KeyPairMismatch ->
            new EmulatorException(
                400, "Certificate.MissMatch", "The SSLPri does not match the certificate.");
        case CertificateExpired ->
            new EmulatorException(400, "Certificate.Expired", "The certificate has expired.");
        default ->
            new EmulatorException(
                400, "Certificate.StatusError", "The certificate status is abnormal.");
      };
    }
    CertificateInfo info = ((PreflightResult.Passed) result).material().info();
    synchronized (this) {
      String stored = certStore.get(certName);
      if (stored != null && !stored.equals(info.fingerprint())) {
        throw new EmulatorException(400, "CertNameAlreadyExists", "The CertName already exists.");
      }
      certStore.put(certName, info.fingerprint());
      domain.httpsEnabled = true;
      domain.certName = certName;
      domain.certId = String.valueOf(certIds.computeIfAbsent(certName, n -> nextCertId++));
      domain.certificatePem = pub;
      domain.fingerprint = info.fingerprint();
      domain.expireTime = info.notAfter().toString();
    }
    return info.fingerprint();
  }

  /** CertType=cas: a certificate of the store, by CertId; no key travels. */
  private String bindStored(Map<String, String> q, EmulatedDomain domain) throws EmulatorException {
    String id = q.get("CertId");
    if (id == null || id.isEmpty()) {
      throw new EmulatorException(
          400, "CertId.MissingParameter", "The CertId parameter is required when CertType is cas.");
    }
    String pem;
    try {
      pem = storedCertificates.get(Long.parseLong(id));
    } catch (NumberFormatException e) {
      pem = null;
    }
    if (pem == null) {
      throw new EmulatorException(400, "Certificate.NotFind", "The certificate does not exist.");
    }
    CertificateInfo info = leafInfo(pem);
    synchronized (this) {
      domain.httpsEnabled = true;
      domain.certName = "cas-" + id;
      domain.certId = id;
      domain.certificatePem = pem;
      domain.fingerprint = info.fingerprint();
      domain.expireTime = info.notAfter().toString();
    }
    return info.fingerprint();
  }

  void describe(Map<String, String> q, ObjectNode answer) throws EmulatorException {
    EmulatedDomain d = existingDomain(required(q, "DomainName"));
    ObjectNode info = JSON.createObjectNode();
    synchronized (this) {
      info.put("DomainName", d.name);
      info.put("ServerCertificateStatus", d.httpsEnabled ? "on" : "off");
      if (d.certificatePem != null) {
        info.put("CertName", d.certName);
        info.put(
            "CertType", d.certName != null && d.certName.startsWith("cas-") ? "cas" : "upload");
        if (d.certId != null) {
          info.put("CertId", d.certId);
        }
        info.put("ServerCertificate", d.certificatePem);
        info.put("CertExpireTime", d.expireTime);
        info.put("Status", "success");
        info.put("CertRegion", "cn-hangzhou");
      }
    }
    ArrayNode list = JSON.createArrayNode().add(info);
    answer.putObject("CertInfos").set("CertInfo", list);
  }

  /** Reads work on a domain in any state. */
  private synchronized EmulatedDomain existingDomain(String name) throws EmulatorException {
    EmulatedDomain d = domains.get(name);
    if (d == null) {
      throw new EmulatorException(404, "InvalidDomain.NotFound", "The domain does not exist.");
    }
    return d;
  }

  /** Writes need an online domain. */
  private synchronized EmulatedDomain domainFor(String name) throws EmulatorException {
    EmulatedDomain d = existingDomain(name);
    return switch (d.state) {
      case ONLINE -> d;
      case OFFLINE ->
          throw new EmulatorException(
              400, "InvalidDomain.Offline", "The domain provided is offline.");
      case SAFE_MODE ->
          throw new EmulatorException(400, "DomainInSafeMode", "The domain is in safe mode.");
      case PROTECTED_MODE ->
          throw new EmulatorException(
              403, "DomainInProtectedMode", "The domain is in protected mode.");
    };
  }

  static String required(Map<String, String> q, String name) throws EmulatorException {
    String v = q.get(name);
    if (v == null || v.isEmpty()) {
      throw new EmulatorException(400, "Missing" + name, name + " is mandatory for this action.");
    }
    return v;
  }

  private static CertificateInfo leafInfo(String pem) {
    return io.certsync.cdn.certificate.ServedCertificates.leaf(pem)
        .orElseThrow(() -> new IllegalArgumentException("not a PEM certificate"));
  }
}
