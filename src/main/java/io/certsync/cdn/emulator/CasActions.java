package io.certsync.cdn.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Certificate Management Service actions (CAS, version 2020-04-07) on the account's store, with
 * the fields of the SDK models: upload, detail, listing with the expired-entries rule, delete (not
 * refused while in use: recorded instead) and the resources that use an entry.
 */
final class CasActions {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WILL_EXPIRE = Duration.ofDays(30);

  private final CertificateStore store;
  private final EmulatedCdn cdn;
  private final UploadedCertificateValidator validator = new UploadedCertificateValidator();
  private final AtomicLong keysReturned = new AtomicLong();
  // the most rows a page holds whatever ShowSize asks (a server may cap it)
  private volatile int pageCap = Integer.MAX_VALUE;

  CasActions(CertificateStore store, EmulatedCdn cdn) {
    this.store = store;
    this.cdn = cdn;
  }

  /** How many answers carried a private key (GetUserCertificateDetail without CertFilter). */
  long keysReturned() {
    return keysReturned.get();
  }

  String upload(ApiCall call, ObjectNode answer) throws EmulatorException {
    String name = call.required("Name");
    String cert = call.required("Cert");
    String key = call.required("Key");
    CertificateFacts facts = validator.validate(cert, key, call.now());
    HeldCertificate entry =
        store.upload(call.accountId(), name, cert, key, facts, StoreOrigin.CAS_UPLOAD, false);
    answer.put("CertId", entry.id());
    answer.put("ResourceId", "cas-upload-" + entry.id());
    return null;
  }

  String detail(ApiCall call, ObjectNode answer) throws EmulatorException {
    HeldCertificate entry = existing(call);
    CertificateFacts f = entry.facts();
    answer.put("Id", entry.id());
    answer.put("Name", entry.name());
    answer.put("Fingerprint", f.sha1Fingerprint());
    answer.put("SerialNo", f.paddedSerial());
    answer.put("NotBefore", f.notBefore().toEpochMilli());
    answer.put("NotAfter", f.notAfter().toEpochMilli());
    answer.put("StartDate", f.notBefore().toString().substring(0, 10));
    answer.put("EndDate", f.notAfter().toString().substring(0, 10));
    answer.put("Common", f.commonName());
    answer.put("Sans", String.join(",", f.sans()));
    answer.put("Issuer", f.issuer());
    answer.put("Expired", f.expiredAt(call.now()));
    answer.put("BuyInAliyun", false);
    answer.putArray("Tags");
    if (!"true".equalsIgnoreCase(call.param("CertFilter"))) {
      // the real API hands the key back; the emulator counts it so tests can forbid it
      answer.put("Cert", entry.chainPem());
      if (entry.keyPem() != null) {
        answer.put("Key", entry.keyPem());
        keysReturned.incrementAndGet();
      }
    }
    return null;
  }

  void pageCap(int rows) {
    pageCap = rows;
  }

  String list(ApiCall call, ObjectNode answer) throws EmulatorException {
    String orderType = call.param("OrderType");
    String keyword = call.param("Keyword");
    String status = call.param("Status");
    int page = call.intParam("CurrentPage", 1);
    int size = Math.min(call.intParam("ShowSize", 50), pageCap);
    List<HeldCertificate> matching = new ArrayList<>();
    // every emulated entry is an uploaded certificate: UPLOAD and CERT list them, other order
    // types (CPACK, BUY) have none
    if ("UPLOAD".equals(orderType) || "CERT".equals(orderType)) {
      for (HeldCertificate e : store.active(call.accountId())) {
        String entryStatus = status(e.facts(), call.now());
        boolean statusMatches =
            status == null || status.isEmpty()
                ? !entryStatus.equals("EXPIRED")
                : status.equalsIgnoreCase(entryStatus);
        if (statusMatches && matches(e, keyword)) {
          matching.add(e);
        }
      }
    }
    ArrayNode list = answer.putArray("CertificateOrderList");
    int from = Math.min((page - 1) * size, matching.size());
    for (HeldCertificate e : matching.subList(from, Math.min(from + size, matching.size()))) {
      CertificateFacts f = e.facts();
      ObjectNode o = list.addObject();
      o.put("CertificateId", e.id());
      o.put("Name", e.name());
      o.put("Fingerprint", f.sha1Fingerprint());
      o.put("SerialNo", f.paddedSerial());
      o.put("CommonName", f.commonName());
      o.put("Sans", String.join(",", f.sans()));
      o.put("Issuer", f.issuer());
      o.put("CertStartTime", f.notBefore().toEpochMilli());
      o.put("CertEndTime", f.notAfter().toEpochMilli());
      o.put("Status", status(f, call.now()));
      o.put("Expired", f.expiredAt(call.now()));
      o.put("ResourceId", "cas-upload-" + e.id());
    }
    answer.put("TotalCount", matching.size());
    answer.put("CurrentPage", page);
    answer.put("ShowSize", size);
    return null;
  }

  String delete(ApiCall call, ObjectNode answer) throws EmulatorException {
    synchronized (store) {
      HeldCertificate entry = existing(call);
      store.delete(entry.id(), usersOf(entry.id()));
    }
    return null;
  }

  String resources(ApiCall call, ObjectNode answer) throws EmulatorException {
    List<Long> ids = certIds(call.param("CertIds"));
    String product = call.param("CloudProduct");
    int page = call.intParam("CurrentPage", 1);
    int size = Math.min(call.intParam("ShowSize", 20), pageCap);
    List<ObjectNode> rows = new ArrayList<>();
    synchronized (store) {
      for (long id : ids) {
        HeldCertificate entry = store.get(id);
        if (entry == null || !entry.accountId().equals(call.accountId())) {
          continue;
        }
        for (String domain : cdn.domainsServing(id)) {
          rows.add(row(call, entry, "CDN", domain, null));
        }
        for (CertificateStore.OutsideUse use : store.outsideUses(id)) {
          rows.add(row(call, entry, use.cloudProduct(), use.resource(), use.resource()));
        }
      }
    }
    if (product != null && !product.isEmpty()) {
      rows.removeIf(r -> !product.equalsIgnoreCase(r.path("CloudProduct").asText()));
    }
    ArrayNode data = answer.putArray("Data");
    int from = Math.min((page - 1) * size, rows.size());
    rows.subList(from, Math.min(from + size, rows.size())).forEach(data::add);
    answer.put("Total", rows.size());
    answer.put("CurrentPage", page);
    answer.put("ShowSize", size);
    return null;
  }

  /** Everything that uses the entry: domains that serve it and resources outside the CDN. */
  private List<String> usersOf(long id) {
    List<String> users = new ArrayList<>();
    cdn.domainsServing(id).forEach(d -> users.add("CDN:" + d));
    store.outsideUses(id).forEach(u -> users.add(u.cloudProduct() + ":" + u.resource()));
    return users;
  }

  private static ObjectNode row(
      ApiCall call, HeldCertificate entry, String product, String domain, String instanceId) {
    ObjectNode o = JSON.createObjectNode();
    o.put("CertId", entry.id());
    o.put("CertName", entry.name());
    o.put("CertStartTime", String.valueOf(entry.facts().notBefore().toEpochMilli()));
    o.put("CertEndTime", String.valueOf(entry.facts().notAfter().toEpochMilli()));
    o.put("CloudName", "aliyun");
    o.put("CloudProduct", product);
    o.put("Domain", domain);
    if (instanceId != null) {
      o.put("InstanceId", instanceId);
    }
    o.put("EnableHttps", 1);
    o.put("RegionId", "cn-hangzhou");
    o.put("UserId", Long.parseLong(call.accountId()));
    return o;
  }

  private HeldCertificate existing(ApiCall call) throws EmulatorException {
    return store
        .active(call.accountId(), call.requiredLong("CertId"))
        .orElseThrow(
            () ->
                new EmulatorException(
                    400, "Certificate.NotFind", "The certificate does not exist."));
  }

  private static String status(CertificateFacts facts, Instant now) {
    if (facts.expiredAt(now)) {
      return "EXPIRED";
    }
    return facts.notAfter().isBefore(now.plus(WILL_EXPIRE)) ? "WILLEXPIRED" : "ISSUED";
  }

  private static boolean matches(HeldCertificate entry, String keyword) {
    if (keyword == null || keyword.isEmpty()) {
      return true;
    }
    String k = keyword.toLowerCase(Locale.ROOT);
    if (entry.name().toLowerCase(Locale.ROOT).contains(k)
        || entry.facts().commonName().toLowerCase(Locale.ROOT).contains(k)) {
      return true;
    }
    return entry.facts().sans().stream().anyMatch(s -> s.toLowerCase(Locale.ROOT).contains(k));
  }

  /** CertIds is a JSON list, e.g. {@code [123,456]}; numbers as strings are taken too. */
  private static List<Long> certIds(String raw) throws EmulatorException {
    if (raw == null || raw.isEmpty()) {
      throw new EmulatorException(400, "MissingCertIds", "CertIds is mandatory for this action.");
    }
    try {
      JsonNode node = JSON.readTree(raw);
      List<Long> ids = new ArrayList<>();
      if (!node.isArray()) {
        throw new IOException("not a list");
      }
      for (JsonNode n : node) {
        ids.add(n.isNumber() ? n.asLong() : Long.parseLong(n.asText().trim()));
      }
      return ids;
    } catch (IOException | NumberFormatException e) {
      throw new EmulatorException(
          400, "InvalidParameter", "The parameter CertIds must be a JSON list of ids.");
    }
  }
}
