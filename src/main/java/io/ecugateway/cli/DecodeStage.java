package io.ecugateway.cli;

import io.ecugateway.decode.DbcDecoder;
import io.ecugateway.decode.DecodeResult;
import io.ecugateway.frame.CanFrame;
import io.ecugateway.frame.FrameKind;
import io.ecugateway.transport.FrameConsumer;

/**
 * The last stage of {@code decode}: looks each frame up in its bus's decoder and formats what it
 * decodes into a byte buffer. Counts frames that match no message (they are skipped).
 * Allocation-free per frame. One instance per thread.
 */
final class DecodeStage implements FrameConsumer {
  private final DbcBindings bindings;
  private final DecodedOutput format;
  private final DecodeResult result = new DecodeResult(64);
  private ByteOutput out;
  private String lastBus;
  private DbcDecoder lastDecoder;

  long frames;
  long decoded;
  long unmatched;
  long notData;

  DecodeStage(DbcBindings bindings, DecodedOutput format, ByteOutput out) {
    this.bindings = bindings;
    this.format = format;
    this.out = out;
  }

  /** Where the following frames are formatted to. */
  void output(ByteOutput target) {
    this.out = target;
  }

  @Override
  public void accept(CanFrame f) {
    frames++;
    if (f.kind != FrameKind.DATA) {
      notData++;
      return;
    }
    if (f.bus != lastBus || lastDecoder == null) {
      lastBus = f.bus;
      lastDecoder = bindings.decoderFor(f.bus);
    }
    if (!lastDecoder.decode(f, result)) {
      unmatched++;
      return;
    }
    decoded++;
    format.write(f, result, out);
  }

  /** Adds another stage's counts to this one's. */
  void addCounts(DecodeStage other) {
    frames += other.frames;
    decoded += other.decoded;
    unmatched += other.unmatched;
    notData += other.notData;
  }
}
