package io.certsync.cdn.benchmark;

import java.io.PrintWriter;
import java.util.Locale;

/** The benchmark's running commentary on the console. */
record Progress(PrintWriter console) {

  void say(String format, Object... args) {
    console.println(String.format(Locale.ROOT, format, args));
    console.flush();
  }
}
