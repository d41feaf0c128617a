package io.certsync.cdn.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Answers one emulated action; returns the leaf fingerprint it applied to a domain, or null. */
@FunctionalInterface
interface ActionHandler {

  String handle(ApiCall call, ObjectNode answer) throws EmulatorException;
}
