package io.certsync.cdn.emulator;

/**
 * What the store holds for one entry, key included when it was uploaded with one. Immutable; the
 * key never shows in {@link #toString()}.
 */
record HeldCertificate(
    String accountId,
    long id,
    String name,
    String chainPem,
    String keyPem,
    CertificateFacts facts,
    StoreOrigin origin,
    boolean deleted) {

  HeldCertificate asDeleted() {
    return new HeldCertificate(accountId, id, name, chainPem, keyPem, facts, origin, true);
  }

  StoreEntry view() {
    return new StoreEntry(
        accountId, id, name, facts.fingerprint(), facts.sha1Fingerprint(), origin, deleted);
  }

  @Override
  public String toString() {
    return "HeldCertificate[" + accountId + "/" + id + " " + name + " " + origin + "]";
  }
}
