package io.certsync.cdn.api.v1alpha1;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fields of a binding that this version of the model does not know, as after rolling the operator
 * back while a newer CRD stays installed: ignored, and each named once in the log (never its
 * value), so that one binding from a newer schema cannot stop the operator.
 */
final class UnknownFields {

  private static final Logger LOG = LoggerFactory.getLogger(UnknownFields.class);
  private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();

  private UnknownFields() {}

  /** Records that {@code field} of {@code path} was ignored; logs the first time only. */
  static void ignore(String path, String field) {
    String name = path + "." + field;
    if (REPORTED.add(name)) {
      LOG.warn(
          "Ignoring the field {} of a CdnCertificateBinding: this operator version does not know it"
              + " (is the installed CRD newer than the operator?)",
          name);
    }
  }
}
