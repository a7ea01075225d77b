package io.ecugateway.frame;

/** What a bus record is. Only {@link #DATA} and {@link #LIN} frames carry signals. */
public enum FrameKind {
  DATA,
  REMOTE,
  ERROR,
  LIN
}
