package io.certsync.cdn.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

/**
 * The emulated STS (version 2015-04-01): anonymous AssumeRoleWithOIDC issuing temporary keys in the
 * RoleArn's account, and signed GetCallerIdentity naming the caller's account.
 */
final class StsActions {

  private final RequestSignatureVerifier verifier;
  private final AccountDirectory accounts;
  private volatile String oidcToken;

  StsActions(RequestSignatureVerifier verifier, AccountDirectory accounts, String oidcToken) {
    this.verifier = verifier;
    this.accounts = accounts;
    this.oidcToken = oidcToken;
  }

  /** The OIDC token AssumeRoleWithOIDC accepts from now on, as after a rotation. */
  void oidcToken(String token) {
    this.oidcToken = token;
  }

  /** Anonymous: issues a temporary key the other actions then accept. Answers its AccessKeyId. */
  String assumeRoleWithOidc(Map<String, String> q, Instant now, ObjectNode answer)
      throws EmulatorException {
    String roleArn = required(q, "RoleArn");
    required(q, "OIDCProviderArn");
    String token = required(q, "OIDCToken");
    String expected = oidcToken;
    if (expected == null || !expected.equals(token)) {
      throw new EmulatorException(
          400, "AuthenticationFail.OIDCToken.Invalid", "The OIDC token is invalid.");
    }
    long seconds;
    try {
      seconds = Long.parseLong(q.getOrDefault("DurationSeconds", "3600"));
    } catch (NumberFormatException e) {
      seconds = 0;
    }
    if (seconds < 900) {
      throw new EmulatorException(
          400, "InvalidParameter.DurationSeconds", "DurationSeconds must be at least 900.");
    }
    String session = q.getOrDefault("RoleSessionName", "session");
    String id = "STS." + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    String secret = UUID.randomUUID().toString().replace("-", "");
    String stsToken = "CAIS" + UUID.randomUUID().toString().replace("-", "") + "/+=";
    Instant expiration = now.plusSeconds(seconds).truncatedTo(ChronoUnit.SECONDS);
    verifier.addTemporaryKey(id, secret, stsToken, expiration);
    CallerPrincipal principal = accounts.assumeRole(id, roleArn, session);
    ObjectNode c = answer.putObject("Credentials");
    c.put("AccessKeyId", id);
    c.put("AccessKeySecret", secret);
    c.put("SecurityToken", stsToken);
    c.put("Expiration", expiration.toString());
    answer
        .putObject("AssumedRoleUser")
        .put("Arn", roleArn + "/" + session)
        .put("AssumedRoleId", principal.principalId());
    return id;
  }

  /** Signed, no permission needed: who the caller is and which main account it belongs to. */
  String callerIdentity(ApiCall call, ObjectNode answer) {
    CallerPrincipal p = call.caller();
    answer.put("AccountId", p.accountId());
    answer.put("UserId", p.userId());
    answer.put("Arn", p.arn());
    answer.put("IdentityType", p.identityType());
    answer.put("PrincipalId", p.principalId());
    return null;
  }

  private static String required(Map<String, String> q, String name) throws EmulatorException {
    String v = q.get(name);
    if (v == null || v.isEmpty()) {
      throw new EmulatorException(400, "Missing" + name, name + " is mandatory for this action.");
    }
    return v;
  }
}
