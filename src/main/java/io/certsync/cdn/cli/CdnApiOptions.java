package io.certsync.cdn.cli;

import io.certsync.cdn.cloudapi.aliyun.CdnEndpoint;
import io.certsync.cdn.cloudapi.aliyun.SignatureVersion;
import io.certsync.cdn.runtime.Environment;
import okhttp3.HttpUrl;
import picocli.CommandLine.Option;

/**
 * The CDN API options that {@code run} and {@code push} share, each falling back to its variable.
 */
final class CdnApiOptions {

  @Option(
      names = "--endpoint",
      paramLabel = "URL",
      description =
          "CDN API endpoint, a URL or a host name (env CDN_ENDPOINT, default https://cdn.aliyuncs.com).",
      defaultValue = "")
  String endpoint;

  @Option(
      names = "--signature-version",
      paramLabel = "v3|v1",
      description = "Request signature (env CDN_SIGNATURE_VERSION, default v3).",
      defaultValue = "")
  String signatureVersion;

  HttpUrl endpoint(Environment environment) {
    return CdnEndpoint.parse(
        environment.value(endpoint, "CDN_ENDPOINT").orElse(CdnEndpoint.DEFAULT));
  }

  SignatureVersion signatureVersion(Environment environment) {
    return SignatureVersion.parse(
        environment.value(signatureVersion, "CDN_SIGNATURE_VERSION").orElse("v3"));
  }
}
