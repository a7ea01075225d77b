package io.ecugateway.sink;

import java.util.List;

/**
 * The query side of a store that keeps the rows an output writes (QuestDB, PostgreSQL): what the
 * query API and the tests read. Outputs that only pass rows on (a message bus) do not implement it.
 */
public interface SignalQueries {

  /**
   * Downsamples one signal: per bucket of {@code bucketMicros}, the minimum, maximum and average of
   * the non-NULL values in {@code [fromMicros, toMicros)}, ordered by time.
   */
  List<Bucket> series(
      String table, String column, String device, long fromMicros, long toMicros, long bucketMicros)
      throws SinkException;

  /** Rows stored for a device in a table (tests, diagnostics). */
  long count(String table, String device) throws SinkException;

  /** One downsampled bucket: start time (µs since the epoch), min, max, average, sample count. */
  record Bucket(long startMicros, double min, double max, double avg, long count) {}
}
