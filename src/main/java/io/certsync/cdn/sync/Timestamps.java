package io.certsync.cdn.sync;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Times as status writes them: RFC 3339, whole seconds, UTC. */
public final class Timestamps {

  private Timestamps() {}

  public static String format(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** With milliseconds: for decided times (a retry due in 200 ms must not come early). */
  public static String precise(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MILLIS).toString();
  }
}
