package io.certsync.cdn.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The emulated CDN: its domains, which store entry each serves, and the certificate actions on them
 * with the documented error codes. Uploads land in the account's store; {@code CertType=cas} binds
 * an entry by id. Domains are global to the emulator; entries belong to an account.
 */
final class EmulatedCdn {

  private static final int MAX_CERT_NAME = 128;

  private final Map<String, EmulatedDomain> domains = new LinkedHashMap<>();
  private final CertificateStore store;
  private final UploadedCertificateValidator validator = new UploadedCertificateValidator();

  EmulatedCdn(Map<String, DomainState> domains, CertificateStore store) {
    this.store = store;
    domains.forEach((name, state) -> this.domains.put(name, new EmulatedDomain(name, state)));
  }

  void addDomain(String name, DomainState state) {
    synchronized (store) {
      domains.put(name, new EmulatedDomain(name, state));
    }
  }

  void domainState(String name, DomainState state) {
    synchronized (store) {
      domains.get(name).state = state;
    }
  }

  List<String> domainNames() {
    synchronized (store) {
      return List.copyOf(domains.keySet());
    }
  }

  DomainState domainState(String name) {
    synchronized (store) {
      return domains.get(name).state;
    }
  }

  /** What the domain serves, or empty without HTTPS. */
  Optional<HeldCertificate> served(String domain) {
    synchronized (store) {
      EmulatedDomain d = domains.get(domain);
      return d == null || !d.httpsEnabled || d.certId == null
          ? Optional.empty()
          : Optional.ofNullable(store.get(d.certId));
    }
  }

  /** The domains that serve the entry with HTTPS on. */
  List<String> domainsServing(long certId) {
    synchronized (store) {
      List<String> serving = new ArrayList<>();
      domains
          .values()
          .forEach(
              d -> {
                if (d.serves(certId)) {
                  serving.add(d.name);
                }
              });
      return serving;
    }
  }

  /**
   * Sets what a domain serves, as a change in the console would: an entry of the default account
   * under that name (reused when it holds the same certificate).
   */
  void serve(String domain, String certName, String certificatePem) {
    CertificateFacts facts = CertificateStore.facts(certificatePem);
    String account = AccountDirectory.DEFAULT_ACCOUNT;
    synchronized (store) {
      String name = certName;
      Optional<HeldCertificate> held = store.byName(account, name);
      for (int i = 2; held.isPresent() && !sameLeaf(held.get(), facts); i++) {
        name = certName + "-" + i;
        held = store.byName(account, name);
      }
      HeldCertificate entry =
          held.isPresent()
              ? held.get()
              : store.put(account, name, certificatePem, StoreOrigin.CONSOLE);
      point(domains.get(domain), entry.id(), "upload", null);
    }
  }

  /** SetCdnDomainSSLCertificate and the legacy SetDomainServerCertificate. */
  String setCertificate(ApiCall call, boolean legacy) throws EmulatorException {
    String switchParam = legacy ? "ServerCertificateStatus" : "SSLProtocol";
    EmulatedDomain domain = domainFor(call.required("DomainName"));
    String sw = call.param(switchParam);
    if (!"on".equals(sw) && !"off".equals(sw)) {
      throw new EmulatorException(
          400,
          "InvalidSSLProtocol.ValueNotSupported",
          "The specified " + switchParam + " is not supported.");
    }
    if ("off".equals(sw)) {
      synchronized (store) {
        domain.httpsEnabled = false;
      }
      return null;
    }
    String region = call.param("CertRegion");
    if (region != null && !region.equals("cn-hangzhou") && !region.equals("ap-southeast-1")) {
      throw new EmulatorException(
          400, "Abs.CertRegion.ValueNotSupported", "The specified CertRegion is not supported.");
    }
    if ("cas".equals(call.param("CertType"))) {
      return bindStored(call, domain, region);
    }
    return upload(call, domain, legacy);
  }

  private String upload(ApiCall call, EmulatedDomain domain, boolean legacy)
      throws EmulatorException {
    String certName = call.param("CertName");
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
    String pub = call.param(legacy ? "ServerCertificate" : "SSLPub");
    String pri = call.param(legacy ? "PrivateKey" : "SSLPri");
    if (pub == null || pub.isEmpty()) {
      throw new EmulatorException(
          400, "SSLPub.MissingParameter", "The SSLPub parameter is required.");
    }
    if (pri == null || pri.isEmpty()) {
      throw new EmulatorException(
          400, "SSLPri.MissingParameter", "The SSLPri parameter is required.");
    }
    CertificateFacts facts = validator.validate(pub, pri, call.now());
    boolean forceSet = legacy && "1".equals(call.param("ForceSet"));
    synchronized (store) {
      HeldCertificate entry =
          store.upload(
              call.accountId(), certName, pub, pri, facts, StoreOrigin.CDN_UPLOAD, forceSet);
      point(domain, entry.id(), "upload", null);
    }
    return facts.fingerprint();
  }

  /** CertType=cas: an entry of the caller's store, by CertId; no key travels. */
  private String bindStored(ApiCall call, EmulatedDomain domain, String region)
      throws EmulatorException {
    String id = call.param("CertId");
    if (id == null || id.isEmpty()) {
      throw new EmulatorException(
          400, "CertId.MissingParameter", "The CertId parameter is required when CertType is cas.");
    }
    synchronized (store) {
      HeldCertificate entry;
      try {
        entry = store.active(call.accountId(), Long.parseLong(id.trim())).orElse(null);
      } catch (NumberFormatException e) {
        entry = null;
      }
      if (entry == null) {
        throw new EmulatorException(400, "Certificate.NotFind", "The certificate does not exist.");
      }
      point(domain, entry.id(), "cas", region);
      return entry.facts().fingerprint();
    }
  }

  void describe(ApiCall call, ObjectNode answer) throws EmulatorException {
    EmulatedDomain d = existingDomain(call.required("DomainName"));
    ObjectNode info = answer.putObject("CertInfos").putArray("CertInfo").addObject();
    synchronized (store) {
      info.put("DomainName", d.name);
      info.put("ServerCertificateStatus", d.httpsEnabled ? "on" : "off");
      HeldCertificate entry = d.certId == null ? null : store.get(d.certId);
      if (entry != null) {
        info.put("CertId", String.valueOf(entry.id()));
        info.put("CertName", entry.name());
        info.put("CertType", d.certType);
        info.put("ServerCertificate", entry.chainPem());
        info.put("CertExpireTime", entry.facts().notAfter().toString());
        info.put("CertStartTime", entry.facts().notBefore().toString());
        info.put("CertDomainName", entry.facts().commonName());
        info.put("Status", "success");
        info.put("CertRegion", d.certRegion == null ? "cn-hangzhou" : d.certRegion);
      }
    }
  }

  private static void point(EmulatedDomain domain, long certId, String certType, String region) {
    domain.httpsEnabled = true;
    domain.certId = certId;
    domain.certType = certType;
    domain.certRegion = region;
  }

  private static boolean sameLeaf(HeldCertificate entry, CertificateFacts facts) {
    return entry.facts().sha1Fingerprint().equals(facts.sha1Fingerprint());
  }

  /** Reads work on a domain in any state. */
  private EmulatedDomain existingDomain(String name) throws EmulatorException {
    synchronized (store) {
      EmulatedDomain d = domains.get(name);
      if (d == null) {
        throw new EmulatorException(404, "InvalidDomain.NotFound", "The domain does not exist.");
      }
      return d;
    }
  }

  /** Writes need an online domain. */
  private EmulatedDomain domainFor(String name) throws EmulatorException {
    EmulatedDomain d = existingDomain(name);
    synchronized (store) {
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
  }
}
