package io.ecugateway.stream.ws;

import io.ecugateway.frame.CanFrame;
import io.ecugateway.stream.LiveMessage;

/** Optional storage of live-decoded signals (config {@code live.store}). */
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
