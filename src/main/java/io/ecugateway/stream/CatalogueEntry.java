package io.ecugateway.stream;

/** A (device, message) pair seen for the first time, announced on the event bus. */
public record CatalogueEntry(String device, MessageInfo message) {}
