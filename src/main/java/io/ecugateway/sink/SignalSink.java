package io.ecugateway.sink;

import java.util.List;

/**
 * A time-series store for decoded signals, one table per DBC message (see {@link MessageTable}).
 * Implementations: {@code sink.questdb} (embedded, default) and {@code sink.postgres}. Thread-safe;
 * each unit of work opens its own {@link SinkWriter}.
 */
public interface SignalSink extends AutoCloseable {

  /** {@code questdb} or {@code postgres}. */
  String kind();

  SinkWriter openWriter() throws SinkException;

  /** Does the store answer right now (readiness)? */
  boolean ping();

  /**
   * Downsamples one signal: per bucket of {@code bucketMicros}, the minimum, maximum and average of
   * the non-NULL values in {@code [fromMicros, toMicros)}, ordered by time.
   */
  List<Bucket> series(
      String table, String column, String device, long fromMicros, long toMicros, long bucketMicros)
      throws SinkException;

  /** Rows stored for a device in a table (tests, diagnostics). */
  long count(String table, String device) throws SinkException;

  @Override
  void close();

  /** One downsampled bucket: start time (µs since the epoch), min, max, average, sample count. */
  record Bucket(long startMicros, double min, double max, double avg, long count) {}
}
