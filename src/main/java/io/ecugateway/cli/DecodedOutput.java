package io.ecugateway.cli;

import io.ecugateway.decode.DecodeResult;
import io.ecugateway.frame.CanFrame;

/**
 * How the {@code decode} command formats decoded frames (JSONL or CSV) into bytes. Instances keep
 * per-message caches of encoded names: one instance per thread.
 */
interface DecodedOutput {
  /** What comes before the first frame (the CSV header); nothing by default. */
  default void start(ByteOutput out) {}

  /** Appends one decoded frame. */
  void write(CanFrame frame, DecodeResult result, ByteOutput out);
}
