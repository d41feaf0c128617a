package io.certsync.cdn.cloudapi;

/** A cloud resource that uses a stored certificate: its product (e.g. CDN) and its domain or id. */
public record CloudResource(String cloudProduct, String domain) {}
