package io.certsync.cdn.emulator;

import java.time.Instant;
import java.util.Map;

/** One verified call, as the action handlers see it: its parameters, time and caller. */
record ApiCall(
    String action,
    Map<String, String> query,
    Instant now,
    String accessKeyId,
    CallerPrincipal caller,
    String requestId) {

  String accountId() {
    return caller.accountId();
  }

  String param(String name) {
    return query.get(name);
  }

  String required(String name) throws EmulatorException {
    String v = query.get(name);
    if (v == null || v.isEmpty()) {
      throw new EmulatorException(400, "Missing" + name, name + " is mandatory for this action.");
    }
    return v;
  }

  long requiredLong(String name) throws EmulatorException {
    String v = required(name);
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new EmulatorException(
          400, "InvalidParameter", "The parameter " + name + " is not a number.");
    }
  }

  int intParam(String name, int fallback) throws EmulatorException {
    String v = query.get(name);
    if (v == null || v.isEmpty()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n < 1) {
        throw new NumberFormatException(v);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new EmulatorException(
          400, "InvalidParameter", "The parameter " + name + " must be a positive number.");
    }
  }
}
