package io.certsync.cdn.emulator;

/** What the emulator holds for one domain. Mutable only under the emulator's lock. */
final class EmulatedDomain {

  final String name;
  DomainState state;
  boolean httpsEnabled;
  String certName;
  String certId;
  String certificatePem;
  String fingerprint;
  String expireTime;

  EmulatedDomain(String name, DomainState state) {
    this.name = name;
    this.state = state;
  }
}
