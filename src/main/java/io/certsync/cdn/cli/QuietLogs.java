package io.certsync.cdn.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/** Silences all but errors, for commands whose own output is the point (sandbox, benchmark). */
final class QuietLogs {

  private QuietLogs() {}

  static void apply() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context
          .getLoggerList()
          .forEach(
              l ->
                  l.setLevel(
                      l.getName().equals(org.slf4j.Logger.ROOT_LOGGER_NAME) ? Level.ERROR : null));
    }
    // the in-process API server logs every request through java.util.logging
    java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.SEVERE);
    for (java.util.logging.Handler h : java.util.logging.Logger.getLogger("").getHandlers()) {
      h.setLevel(java.util.logging.Level.SEVERE);
    }
  }
}
