package io.certsync.cdn.certificate;

/** One decoded PEM block: its label (e.g. CERTIFICATE) and DER content. */
record PemBlock(String label, byte[] der) {}
