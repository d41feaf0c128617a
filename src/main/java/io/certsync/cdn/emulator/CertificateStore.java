package io.certsync.cdn.emulator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The certificate store (CAS) of every emulated account: entries with ids unique across the
 * emulator, names unique per account among entries not deleted, no content dedup, and the resources
 * outside the CDN that use an entry. Its monitor also guards the domains that serve its entries, so
 * that a delete sees every user at once.
 */
final class CertificateStore {

  /** A resource outside the emulated CDN that uses an entry, e.g. an SLB listener. */
  record OutsideUse(long certId, String cloudProduct, String resource) {}

  private final Map<Long, HeldCertificate> entries = new LinkedHashMap<>();

  /** A name in one account's store. */
  private record HeldName(String accountId, String name) {}

  // the entry holding each name, deleted entries left out
  private final Map<HeldName, Long> names = new HashMap<>();
  private final List<OutsideUse> outsideUses = new ArrayList<>();
  private final List<DeletedInUse> deletedInUse = new ArrayList<>();
  private long nextId = 9_000_000;

  /**
   * Stores an upload under a name: a name held by an entry not deleted is refused, with {@code
   * Certificate.Duplicated} for the same leaf and {@code CertNameAlreadyExists} otherwise, unless
   * {@code overwrite} (legacy ForceSet=1), which replaces the held entry's content under its id.
   */
  synchronized HeldCertificate upload(
      String accountId,
      String name,
      String chainPem,
      String keyPem,
      CertificateFacts facts,
      StoreOrigin origin,
      boolean overwrite)
      throws EmulatorException {
    Optional<HeldCertificate> held = byName(accountId, name);
    if (held.isPresent() && !overwrite) {
      if (held.get().facts().sha1Fingerprint().equals(facts.sha1Fingerprint())) {
        throw new EmulatorException(
            400, "Certificate.Duplicated", "The certificate name already exists.");
      }
      throw new EmulatorException(400, "CertNameAlreadyExists", "The CertName already exists.");
    }
    long id = held.map(HeldCertificate::id).orElseGet(() -> nextId++);
    return hold(new HeldCertificate(accountId, id, name, chainPem, keyPem, facts, origin, false));
  }

  /** An entry put there before the test, under a given id. */
  synchronized HeldCertificate put(
      String accountId, long id, String name, String chainPem, StoreOrigin origin) {
    if (names.containsKey(new HeldName(accountId, name)) || entries.containsKey(id)) {
      throw new IllegalArgumentException("the store already holds " + name + " or id " + id);
    }
    nextId = Math.max(nextId, id + 1);
    return hold(
        new HeldCertificate(accountId, id, name, chainPem, null, facts(chainPem), origin, false));
  }

  /** An entry put there before the test, under a new id. */
  synchronized HeldCertificate put(
      String accountId, String name, String chainPem, StoreOrigin origin) {
    return put(accountId, nextId, name, chainPem, origin);
  }

  synchronized Optional<HeldCertificate> byName(String accountId, String name) {
    Long id = names.get(new HeldName(accountId, name));
    return id == null ? Optional.empty() : Optional.of(entries.get(id));
  }

  /** The account's entry by id, unless deleted. */
  synchronized Optional<HeldCertificate> active(String accountId, long id) {
    HeldCertificate e = entries.get(id);
    return e == null || e.deleted() || !e.accountId().equals(accountId)
        ? Optional.empty()
        : Optional.of(e);
  }

  /** Any entry by id, deleted or not: what a domain bound to it still serves. */
  synchronized HeldCertificate get(long id) {
    return entries.get(id);
  }

  /** The account's entries not deleted, oldest first. */
  synchronized List<HeldCertificate> active(String accountId) {
    return entries.values().stream()
        .filter(e -> !e.deleted() && e.accountId().equals(accountId))
        .toList();
  }

  synchronized void delete(long id, List<String> usedBy) {
    HeldCertificate e = entries.get(id);
    entries.put(id, e.asDeleted());
    names.remove(new HeldName(e.accountId(), e.name()), id);
    if (!usedBy.isEmpty()) {
      deletedInUse.add(new DeletedInUse(id, e.name(), usedBy));
    }
  }

  private HeldCertificate hold(HeldCertificate entry) {
    entries.put(entry.id(), entry);
    names.put(new HeldName(entry.accountId(), entry.name()), entry.id());
    return entry;
  }

  synchronized void useOutside(long certId, String cloudProduct, String resource) {
    outsideUses.add(new OutsideUse(certId, cloudProduct, resource));
  }

  synchronized List<OutsideUse> outsideUses(long certId) {
    return outsideUses.stream().filter(u -> u.certId() == certId).toList();
  }

  synchronized List<StoreEntry> entries() {
    return entries.values().stream().map(HeldCertificate::view).toList();
  }

  synchronized List<DeletedInUse> deletedInUse() {
    return List.copyOf(deletedInUse);
  }

  static CertificateFacts facts(String chainPem) {
    try {
      return CertificateFacts.of(UploadedCertificateValidator.leafOf(chainPem));
    } catch (EmulatorException e) {
      throw new IllegalArgumentException("not a PEM certificate chain", e);
    }
  }
}
