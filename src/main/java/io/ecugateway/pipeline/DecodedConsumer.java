package io.ecugateway.pipeline;

import io.ecugateway.decode.DbcDecoder;
import io.ecugateway.decode.DecodeResult;
import io.ecugateway.frame.CanFrame;

/**
 * What a {@link DecodeStep} hands each decoded frame to: the store's rows, the live stream, the
 * CLI's output. Called on the step's thread.
 *
 * @param <E> the failure the consumer may raise (a store error), passed through the step
 */
@FunctionalInterface
public interface DecodedConsumer<E extends Exception> {

  /**
   * One decoded frame: {@code frame} (a reassembled message when transport reassembly made it) and
   * its signals in {@code result} ({@link DecodeResult#codec()} is the message). Both are reused by
   * the next frame: copy what must outlive the call.
   */
  void decoded(CanFrame frame, DecodeResult result) throws E;

  /**
   * The decoder of the following frames changed (another bus, or the DBCs were reloaded): lets a
   * consumer keep per-message state in an array indexed by {@link
   * io.ecugateway.decode.MessageCodec#index()} instead of a lookup per frame.
   */
  default void decoderSelected(DbcDecoder decoder) {}
}
