package io.ecugateway.stream.ws;

import io.ecugateway.frame.CanFrame;
import io.ecugateway.stream.LiveMessage;

/**
 * Storage of live-decoded signals. {@code serve} does not store live data yet ({@link #NONE}); the
 * hook is where a sink writer plugs in.
 */
interface LiveStore {

  /** Rows of one live source; used by its ingest thread only. */
  interface Writer extends AutoCloseable {
    void row(CanFrame frame, LiveMessage message);

    /** Commits if enough time or rows have gathered since the last commit. */
    void flushIfDue();

    @Override
    void close();
  }

  Writer open(String device);

  /** Live data is not stored. */
  LiveStore NONE =
      device ->
          new Writer() {
            @Override
            public void row(CanFrame frame, LiveMessage message) {}

            @Override
            public void flushIfDue() {}

            @Override
            public void close() {}
          };
}
