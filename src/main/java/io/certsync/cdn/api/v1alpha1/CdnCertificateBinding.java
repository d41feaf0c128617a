package io.certsync.cdn.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.PrinterColumnFormat;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** Binds the certificate of one kubernetes.io/tls Secret to a list of Alibaba Cloud CDN domains. */
@JsonClassDescription(
    "Binds the certificate of one kubernetes.io/tls Secret (or a certificate already in Alibaba"
        + " Cloud Certificate Management Service) to a list of Alibaba Cloud CDN domains: every"
        + " renewal of the Secret is pushed to each domain once, and status reports the outcome with"
        + " the API's error codes.")
@Group(CdnCertificateBinding.GROUP)
@Version(CdnCertificateBinding.VERSION)
@Kind("CdnCertificateBinding")
@Plural("cdncertificatebindings")
@Singular("cdncertificatebinding")
@ShortNames("ccb")
@AdditionalPrinterColumn(
    name = "Ready",
    type = AdditionalPrinterColumn.Type.STRING,
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(
    name = "Reason",
    type = AdditionalPrinterColumn.Type.STRING,
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason")
@AdditionalPrinterColumn(
    name = "Domains",
    type = AdditionalPrinterColumn.Type.STRING,
    jsonPath = ".status.syncedDomains")
@AdditionalPrinterColumn(
    name = "Secret",
    type = AdditionalPrinterColumn.Type.STRING,
    jsonPath = ".spec.secretName")
@AdditionalPrinterColumn(
    name = "Expires",
    // a string, not a date: the API server prints a date column as the time since it, and a future
    // notAfter as <invalid>
    type = AdditionalPrinterColumn.Type.STRING,
    jsonPath = ".status.certificate.notAfter")
@AdditionalPrinterColumn(
    name = "Age",
    type = AdditionalPrinterColumn.Type.DATE,
    jsonPath = ".metadata.creationTimestamp")
@AdditionalPrinterColumn(
    name = "Message",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1,
    format = PrinterColumnFormat.NONE,
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].message")
public class CdnCertificateBinding
    extends CustomResource<CdnCertificateBindingSpec, CdnCertificateBindingStatus>
    implements Namespaced {

  public static final String GROUP = "certsync.io";
  public static final String VERSION = "v1alpha1";

  @Override
  protected CdnCertificateBindingSpec initSpec() {
    return new CdnCertificateBindingSpec();
  }

  @Override
  protected CdnCertificateBindingStatus initStatus() {
    return null;
  }
}
