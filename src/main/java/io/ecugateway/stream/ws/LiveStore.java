package io.ecugateway.stream.ws;

import io.ecugateway.decode.DecodeResult;
import io.ecugateway.frame.CanFrame;

/**
 * Storage of live-decoded frames ({@code live.store}): {@link SinkLiveStore} writes them into the
 * configured sink like uploaded rows, {@link #NONE} drops them.
 */
interface LiveStore {

  /**
   * Queues one decoded frame of {@code device} for storage ({@code frame} and {@code result} are
   * reused after the call). Thread-safe and never blocks: when the store falls behind, the frame is
   * dropped and counted instead.
   */
  void offer(String device, CanFrame frame, DecodeResult result);

  /** Live data is not stored. */
  LiveStore NONE = (device, frame, result) -> {};
}
