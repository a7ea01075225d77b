package io.ecugateway.ingest;

import java.util.List;

/**
 * What decoding one upload produced: the totals the journal keeps in its {@link Upload} record (not
 * to be confused with {@link io.ecugateway.decode.DecodeResult}, the decoder's reusable result for
 * one frame).
 *
 * @param format detected log format name
 * @param frames frames read
 * @param messages frames decoded into rows
 * @param unknownFrames frames no DBC describes
 * @param unknownIds distinct unknown ids ({@code can1:0x123}), at most {@link #MAX_LISTED_IDS}
 * @param outOfWindowFrames frames dated outside the stored time window (not stored)
 */
public record DecodeSummary(
    String format,
    long frames,
    long messages,
    long unknownFrames,
    List<String> unknownIds,
    long outOfWindowFrames) {
  public static final int MAX_LISTED_IDS = 100;
  public static final DecodeSummary EMPTY = new DecodeSummary(null, 0, 0, 0, List.of(), 0);

  public DecodeSummary {
    unknownIds = List.copyOf(unknownIds);
  }
}
