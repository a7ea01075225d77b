package io.ecugateway.ingest;

import java.util.List;

/**
 * What decoding one upload produced.
 *
 * @param format detected log format name
 * @param frames frames read
 * @param messages frames decoded into rows
 * @param unknownFrames frames no DBC describes
 * @param unknownIds distinct unknown ids ({@code can1:0x123}), at most {@link #MAX_LISTED_IDS}
 * @param outOfWindowFrames frames dated outside the stored time window (not stored)
 */
public record DecodeResult(
    String format,
    long frames,
    long messages,
    long unknownFrames,
    List<String> unknownIds,
    long outOfWindowFrames) {
  public static final int MAX_LISTED_IDS = 100;
  public static final DecodeResult EMPTY = new DecodeResult(null, 0, 0, 0, List.of(), 0);

  public DecodeResult {
    unknownIds = List.copyOf(unknownIds);
  }
}
