package io.certsync.cdn.emulator;

/**
 * What the emulator holds for one domain: its state and which store entry it serves. Mutable only
 * under the store's monitor.
 */
final class EmulatedDomain {

  final String name;
  DomainState state;
  boolean httpsEnabled;
  Long certId;
  String certType;
  String certRegion;

  EmulatedDomain(String name, DomainState state) {
    this.name = name;
    this.state = state;
  }

  boolean serves(long id) {
    return httpsEnabled && certId != null && certId == id;
  }
}
