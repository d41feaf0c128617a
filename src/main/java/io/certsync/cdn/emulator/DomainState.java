package io.certsync.cdn.emulator;

/** The state of an emulated CDN domain, as far as certificate calls care. */
public enum DomainState {
  ONLINE,
  OFFLINE,
  SAFE_MODE,
  PROTECTED_MODE
}
