package io.ecugateway.stream;

/** How a subscription thins a signal down to its maximum rate. */
public enum DecimationMode {
  /** Send the most recent value at most {@code maxRate} times per second. */
  LATEST,
  /**
   * Send {@code [min, max]} of all values since the previous send, at most {@code maxRate} times
   * per second, so spikes between two sends stay visible.
   */
  MINMAX
}
