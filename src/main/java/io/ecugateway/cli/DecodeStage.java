package io.ecugateway.cli;

import io.ecugateway.decode.DbcDecoder;
import io.ecugateway.decode.DecodeResult;
import io.ecugateway.frame.CanFrame;
import io.ecugateway.frame.FrameKind;
import io.ecugateway.transport.FrameConsumer;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The last stage of {@code decode}: looks each frame up in its bus's decoder and writes what it
 * decodes. Counts frames that match no message (they are skipped). Allocation-free per frame.
 */
final class DecodeStage implements FrameConsumer {
  private final DbcBindings bindings;
  private final DecodedOutput output;
  private final DecodeResult result = new DecodeResult(64);

  long frames;
  long decoded;
  long unmatched;
  long notData;

  DecodeStage(DbcBindings bindings, DecodedOutput output) {
    this.bindings = bindings;
    this.output = output;
  }

  @Override
  public void accept(CanFrame f) {
    frames++;
    if (f.kind != FrameKind.DATA) {
      notData++;
      return;
    }
    DbcDecoder decoder = bindings.forBus(f.bus);
    if (!decoder.decode(f, result)) {
      unmatched++;
      return;
    }
    decoded++;
    try {
      output.write(f, result);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
