package io.ecugateway.stream;

import java.util.List;

/**
 * Decoded messages of one device, published together on the event bus (one ingest chunk, or a slice
 * of a replay): the unit of fan-out.
 *
 * @param device device name
 * @param messages decoded messages in arrival order
 */
public record LiveBatch(String device, List<LiveMessage> messages) {}
