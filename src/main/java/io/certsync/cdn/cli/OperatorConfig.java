package io.certsync.cdn.cli;

import io.certsync.cdn.cdn.CredentialsProvider;
import io.certsync.cdn.cdn.aliyun.SignatureVersion;
import io.certsync.cdn.reconciler.SyncSettings;
import java.util.Optional;
import java.util.Set;
import okhttp3.HttpUrl;

/** The operator's configuration, read once in the composition root and passed down. */
public record OperatorConfig(
    HttpUrl endpoint,
    SignatureVersion signatureVersion,
    Optional<CredentialsProvider> defaultCredentials,
    Set<String> watchNamespaces,
    int httpPort,
    SyncSettings syncSettings) {}
