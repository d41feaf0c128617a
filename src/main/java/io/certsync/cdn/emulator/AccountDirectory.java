package io.certsync.cdn.emulator;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Which main account each AccessKey (long-lived or temporary) belongs to. Thread-safe. */
final class AccountDirectory {

  /** The account of keys given without one. */
  static final String DEFAULT_ACCOUNT = "1000000000000001";

  private static final Pattern ROLE_ARN = Pattern.compile("acs:ram::(\\d+):role/([^/]+)");

  private final Map<String, CallerPrincipal> principals = new ConcurrentHashMap<>();

  AccountDirectory(Map<String, String> accountsByKey) {
    accountsByKey.forEach(
        (key, account) -> principals.put(key, CallerPrincipal.ramUser(account, key)));
  }

  /** Registers a temporary key for the role named by the RoleArn; answers its principal. */
  CallerPrincipal assumeRole(String accessKeyId, String roleArn, String session) {
    Matcher m = ROLE_ARN.matcher(roleArn);
    CallerPrincipal principal =
        m.matches()
            ? CallerPrincipal.assumedRole(m.group(1), m.group(2), session)
            : CallerPrincipal.assumedRole(DEFAULT_ACCOUNT, "role", session);
    principals.put(accessKeyId, principal);
    return principal;
  }

  /** The principal of a key the signature check already accepted. */
  CallerPrincipal principalOf(String accessKeyId) {
    return principals.getOrDefault(
        accessKeyId, CallerPrincipal.ramUser(DEFAULT_ACCOUNT, accessKeyId));
  }
}
