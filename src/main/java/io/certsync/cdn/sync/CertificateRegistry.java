package io.certsync.cdn.sync;

import io.certsync.cdn.cloudapi.AccountResolver;
import io.certsync.cdn.cloudapi.CdnCredentials;
import io.certsync.cdn.cloudapi.CdnResult;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Which store entry holds a certificate, per account, shared by every binding of the process: what
 * uploads, read-backs and store look-ups taught it. While one domain uploads a certificate, the
 * others that want it wait for the id and bind by it, so its key leaves the cluster once per
 * account.
 */
public final class CertificateRegistry {

  /** A certificate in one account's store. */
  public record Key(String account, String fingerprint) {}

  /** How an upload that others waited for ended. */
  sealed interface UploadEnd {
    /** Stored under this id: bind by it. */
    record Stored(long certId) implements UploadEnd {}

    /** Refused for the certificate itself: every domain would be refused the same way. */
    record Refused(Failure failure) implements UploadEnd {}

    /** Failed for the uploader's own domain or the network: try it yourself. */
    record Inconclusive() implements UploadEnd {}

    /** Stored, but its id is not known yet (the store lists uploads late): look it up. */
    record Uploaded() implements UploadEnd {}
  }

  /** The answer to {@link #claim}: a known id, or the duty to upload. */
  sealed interface Claim {
    record Known(long certId) implements Claim {}

    record Refused(Failure failure) implements Claim {}

    /** The caller uploads, then must call {@link #finish} whatever happens. */
    record Upload(Key key, CompletableFuture<UploadEnd> end) implements Claim {}

    /** Uploaded moments ago, id not known yet: find it in the store, never upload again. */
    record Lookup() implements Claim {}
  }

  /** How long an upload whose id is unknown keeps others from uploading it again. */
  static final Duration LOOKUP_WINDOW = Duration.ofMinutes(10);

  private final Map<Key, Long> known = new HashMap<>();
  // uploads whose id is not known yet, with when they were made (System.nanoTime)
  private final Map<Key, Long> uploadedAt = new HashMap<>();

  /**
   * The account a store id belongs to, as the registry keys it: the main account behind the
   * credentials, or their AccessKeyId when it cannot be learned.
   */
  static String accountOf(AccountResolver accounts, CdnCredentials credentials) {
    CdnResult<String> resolved = accounts.accountOf(credentials);
    return resolved instanceof CdnResult.Success<String> s && s.value() != null
        ? s.value()
        : "AccessKeyId:" + credentials.accessKeyId();
  }

  /** A store id as the CDN reports it (a string), if it is one. */
  static Optional<Long> parseId(String certId) {
    try {
      return Optional.ofNullable(certId).map(Long::parseLong);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private final Map<Key, CompletableFuture<UploadEnd>> uploading = new HashMap<>();

  public synchronized void remember(Key key, long certId) {
    known.put(key, certId);
    uploadedAt.remove(key);
  }

  /**
   * What status recorded of an earlier run, taken only when nothing fresher is known: a status can
   * be older than what another binding learned since.
   */
  synchronized void seed(Key key, long certId) {
    if (!known.containsKey(key)) {
      known.put(key, certId);
      uploadedAt.remove(key);
    }
  }

  /** The id turned out unusable (deleted from the store): forget it unless already replaced. */
  public synchronized void forget(Key key, long certId) {
    known.remove(key, certId);
  }

  /** Waits while another domain uploads the same certificate to the same account. */
  Claim claim(Key key) {
    while (true) {
      CompletableFuture<UploadEnd> pending;
      synchronized (this) {
        Long id = known.get(key);
        if (id != null) {
          return new Claim.Known(id);
        }
        Long at = uploadedAt.get(key);
        if (at != null && System.nanoTime() - at < LOOKUP_WINDOW.toNanos()) {
          return new Claim.Lookup();
        }
        pending = uploading.get(key);
        if (pending == null) {
          CompletableFuture<UploadEnd> end = new CompletableFuture<>();
          uploading.put(key, end);
          return new Claim.Upload(key, end);
        }
      }
      UploadEnd end = pending.join();
      if (end instanceof UploadEnd.Stored stored) {
        return new Claim.Known(stored.certId());
      }
      if (end instanceof UploadEnd.Refused refused) {
        return new Claim.Refused(refused.failure());
      }
      // inconclusive: the next claimer uploads; uploaded: the loop answers Lookup
    }
  }

  void finish(Claim.Upload upload, UploadEnd end) {
    synchronized (this) {
      uploading.remove(upload.key(), upload.end());
      if (end instanceof UploadEnd.Stored stored) {
        known.put(upload.key(), stored.certId());
        uploadedAt.remove(upload.key());
      } else if (end instanceof UploadEnd.Uploaded) {
        uploadedAt.put(upload.key(), System.nanoTime());
      }
    }
    upload.end().complete(end);
  }

  /** How many certificates the operator knows in each account's store. */
  public synchronized Map<String, Integer> certificatesByAccount() {
    Map<String, Integer> counts = new TreeMap<>();
    known.keySet().forEach(k -> counts.merge(k.account(), 1, Integer::sum));
    return counts;
  }
}
