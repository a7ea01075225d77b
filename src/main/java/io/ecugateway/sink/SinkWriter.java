package io.ecugateway.sink;

/**
 * Appends decoded rows for one unit of work (a batch of uploads). Used by one thread at a time.
 * Rows become durable and visible at {@link #commit()}; rows with the same (ts, device, bus) as
 * stored ones replace them, so replaying an upload never duplicates rows.
 */
public interface SinkWriter extends AutoCloseable {

  /**
   * Makes sure the table exists with at least these signal columns (adding missing ones) and
   * returns a handle for {@link #row}. Call once per message; cheap to call again.
   */
  int declare(MessageTable table) throws SinkException;

  /**
   * Appends one row. {@code values[i]} is signal {@code i} of the declared table; {@code NaN}
   * stores NULL (a multiplexed signal absent from this frame). Allocates nothing.
   */
  void row(int table, long timestampNs, String device, String bus, double[] values)
      throws SinkException;

  /** Makes all appended rows durable and visible to queries. */
  void commit() throws SinkException;

  /** Discards uncommitted rows and releases resources. */
  @Override
  void close();
}
