package io.certsync.cdn.sync;

/** Condition reasons: the operator's own, and those derived from API error codes. */
public final class Reasons {

  public static final String RECONCILING = "Reconciling";
  public static final String SYNCED = "Synced";
  public static final String SECRET_NOT_FOUND = "SecretNotFound";
  public static final String SECRET_TYPE_INVALID = "SecretTypeInvalid";
  public static final String SECRET_MISSING_DATA = "SecretMissingData";
  public static final String DOMAIN_NOT_COVERED = "DomainNotCovered";
  public static final String DOMAIN_INVALID = "DomainInvalid";
  public static final String SPEC_UNSUPPORTED = "SpecUnsupported";
  public static final String CREDENTIALS_NOT_FOUND = "CredentialsNotFound";
  public static final String CREDENTIALS_INVALID = "CredentialsInvalid";
  public static final String NETWORK_ERROR = "NetworkError";
  public static final String SUSPENDED = "Suspended";
  public static final String DOMAIN_CLAIMED = "DomainClaimed";
  public static final String RECONCILE_ERROR = "ReconcileError";

  private Reasons() {}

  /**
   * An API error code as a reason: every character outside {@code [A-Za-z0-9]} removed, the first
   * letter upper-cased ({@code sslPub.Error} gives {@code SslPubError}).
   */
  public static String fromApiCode(String code) {
    String cleaned = code == null ? "" : code.replaceAll("[^A-Za-z0-9]", "");
    if (cleaned.isEmpty()) {
      return "UnknownError";
    }
    if (!Character.isLetter(cleaned.charAt(0))) {
      cleaned = "Code" + cleaned;
    }
    return Character.toUpperCase(cleaned.charAt(0)) + cleaned.substring(1);
  }
}
