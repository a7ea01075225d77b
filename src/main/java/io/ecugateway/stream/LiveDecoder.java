package io.ecugateway.stream;

import io.ecugateway.frame.CanFrame;
import io.ecugateway.frame.TimestampWindow;

/**
 * Decodes the frames of one device for the live path (the device's DBC mapping). Implementations
 * are used by one ingest thread at a time.
 */
public interface LiveDecoder {

  /**
   * Receives what one frame decodes to (possibly nothing, or a reassembled multi-frame message).
   */
  interface Output {
    void message(LiveMessage message, MessageInfo info);
  }

  /**
   * Decodes {@code frame} of {@code device}; unknown identifiers produce nothing.
   *
   * @return true if the frame's identifier was known
   */
  boolean decode(String device, CanFrame frame, Output out);

  /**
   * {@code decoder} for frames dated inside {@code window} only: the others are dropped (and
   * counted by the window), neither published nor stored, and not counted as unknown.
   */
  static LiveDecoder within(TimestampWindow window, LiveDecoder decoder) {
    return (device, frame, out) ->
        !window.admits(frame.timestampNs) || decoder.decode(device, frame, out);
  }
}
