package io.ecugateway.stream.ws;

import io.ecugateway.stream.LiveMessage;
import io.ecugateway.stream.MessageInfo;

/**
 * Storage of live-decoded frames ({@code live.store}): {@link SinkLiveStore} writes them into the
 * configured sink like uploaded rows, {@link #NONE} drops them.
 */
interface LiveStore {

  /**
   * Queues one decoded frame for storage. Thread-safe and never blocks: when the store falls
   * behind, the frame is dropped and counted instead.
   */
  void offer(LiveMessage message, MessageInfo info);

  /** Live data is not stored. */
  LiveStore NONE = (message, info) -> {};
}
