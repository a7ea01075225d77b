package io.ecugateway.transport;

import io.ecugateway.frame.CanFrame;

/**
 * Receives the frames a {@link TransportStage} lets through or reassembles. The frame is only valid
 * during the call (the stage reuses it); call {@link CanFrame#copy()} to keep it.
 */
@FunctionalInterface
public interface FrameConsumer {
  void accept(CanFrame frame);
}
