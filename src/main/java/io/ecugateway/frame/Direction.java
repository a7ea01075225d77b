package io.ecugateway.frame;

/** Whether the logger received the frame from the bus or transmitted it. */
public enum Direction {
  RX,
  TX
}
