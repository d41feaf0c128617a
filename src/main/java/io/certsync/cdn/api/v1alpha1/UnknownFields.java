package io.certsync.cdn.api.v1alpha1;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
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

  /** A field, or a field's value, already named in the log. */
  private record Reported(String path, String value) {}

  private static final Set<Reported> REPORTED = ConcurrentHashMap.newKeySet();
  private static final ObjectMapper JSON = new ObjectMapper();

  private UnknownFields() {}

  /** Records that {@code field} of {@code path} was ignored; logs the first time only. */
  static void ignore(String path, String field) {
    String name = path + "." + field;
    if (REPORTED.add(new Reported(name, null))) {
      LOG.warn(
          "Ignoring the field {} of a CdnCertificateBinding: this operator version does not know it"
              + " (is the installed CRD newer than the operator?)",
          name);
    }
  }

  /**
   * The constant of {@code type} written as {@code value} (its JSON name), or empty for a value
   * this version does not know, which is logged once per field and value.
   */
  static <E extends Enum<E>> Optional<E> enumValue(Class<E> type, String path, String value) {
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.convertValue(value, type));
    } catch (IllegalArgumentException e) {
      if (REPORTED.add(new Reported(path, value))) {
        LOG.warn(
            "A CdnCertificateBinding sets {} to {}, which this operator version does not know"
                + " (is the installed CRD newer than the operator?)",
            path,
            value);
      }
      return Optional.empty();
    }
  }
}
