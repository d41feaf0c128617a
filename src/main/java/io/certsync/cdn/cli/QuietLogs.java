package io.certsync.cdn.cli;

import static org.slf4j.Logger.ROOT_LOGGER_NAME;

import ch.qos.logback.classic.LoggerContext;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
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
                      // logback's Level, named in full beside java.util.logging's
                      l.getName().equals(ROOT_LOGGER_NAME)
                          ? ch.qos.logback.classic.Level.ERROR
                          : null));
    }
    // the in-process API server logs every request through java.util.logging
    Logger root = Logger.getLogger("");
    root.setLevel(Level.SEVERE);
    for (Handler h : root.getHandlers()) {
      h.setLevel(Level.SEVERE);
    }
  }
}
