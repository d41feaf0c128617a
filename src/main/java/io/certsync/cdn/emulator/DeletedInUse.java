package io.certsync.cdn.emulator;

import java.util.List;

/**
 * A store entry deleted while something still used it: the store does not refuse that, so tests
 * assert it never happens. {@code usedBy} names the users, e.g. {@code CDN:www.example.com}.
 */
public record DeletedInUse(long certId, String name, List<String> usedBy) {

  public DeletedInUse {
    usedBy = List.copyOf(usedBy);
  }
}
