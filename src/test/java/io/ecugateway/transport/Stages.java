package io.ecugateway.transport;

import io.ecugateway.frame.CanFrame;
import java.util.function.Consumer;

/**
 * The callback form of {@link TransportStage#offer} for tests and benchmarks: what a frame yields
 * goes to a consumer, as the service's decode loop does with the status.
 */
public final class Stages {
  private Stages() {}

  /**
   * Offers {@code in} to {@code stage}; calls {@code out} zero times (a segment) or once (the frame
   * passed through, or the message it completed). The frame given to {@code out} is reused by the
   * stage; copy it to keep it.
   */
  public static void accept(TransportStage stage, CanFrame in, Consumer<CanFrame> out) {
    int status = stage.offer(in);
    if (status == TransportStage.PASSED) {
      out.accept(in);
    } else if (status == TransportStage.COMPLETED) {
      out.accept(stage.completed());
    }
  }
}
