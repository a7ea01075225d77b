package io.ecugateway.pipeline;

import io.ecugateway.decode.DbcDecoder;
import io.ecugateway.frame.TimestampWindow;
import io.ecugateway.transport.TransportConfig;
import io.ecugateway.transport.TransportStage;
import java.util.function.Function;

/**
 * How the frames of one device are decoded: its DBC mapping per bus, its multi-frame reassembly and
 * the frame times stored. A live connection or replay makes one {@link DecodeStep} of it.
 *
 * @param decoderForBus the compiled DBCs for a bus; may return new ones after a DBC reload
 * @param transport reassembly, or null for none
 * @param window the frame times kept, or null for every time
 */
public record DeviceDecoding(
    Function<String, DbcDecoder> decoderForBus, TransportConfig transport, TimestampWindow window) {

  /** A step for one device session, with a transport stage of its own. */
  public <E extends Exception> DecodeStep<E> newStep(DecodedConsumer<E> out) {
    return new DecodeStep<>(
        decoderForBus, window, transport == null ? null : new TransportStage(transport), out);
  }
}
