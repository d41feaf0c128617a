package io.certsync.cdn.emulator;

/**
 * Who signed a call, as STS GetCallerIdentity tells it: the main account and the RAM identity (user
 * or assumed role) within it.
 */
record CallerPrincipal(
    String accountId, String identityType, String arn, String userId, String principalId) {

  /** A long-lived AccessKey: a RAM user of the account, named after the key. */
  static CallerPrincipal ramUser(String accountId, String accessKeyId) {
    String userId =
        String.valueOf(
            2_000_000_000_000_000L + Math.floorMod(accessKeyId.hashCode(), 1_000_000_000));
    return new CallerPrincipal(
        accountId, "RAMUser", "acs:ram::" + accountId + ":user/" + accessKeyId, userId, userId);
  }

  /** A temporary key of AssumeRoleWithOIDC: the role of the RoleArn, in that role's account. */
  static CallerPrincipal assumedRole(String accountId, String roleName, String session) {
    String roleId =
        String.valueOf(3_000_000_000_000_000L + Math.floorMod(roleName.hashCode(), 1_000_000_000));
    return new CallerPrincipal(
        accountId,
        "AssumedRoleUser",
        "acs:ram::" + accountId + ":assumed-role/" + roleName + "/" + session,
        roleId + ":" + session,
        roleId + ":" + session);
  }
}
