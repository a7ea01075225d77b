package io.ecugateway.cli;

import io.ecugateway.decode.DecodeResult;
import io.ecugateway.frame.CanFrame;
import io.ecugateway.pipeline.DecodeStep;
import io.ecugateway.pipeline.DecodedConsumer;
import io.ecugateway.transport.TransportStage;

/**
 * The decode stage of {@code decode}: the pipeline's {@link DecodeStep} (reassembly when given, bus
 * lookup, decoding, counts) formatting what it decodes into a byte buffer. Allocation-free per
 * frame. One instance per thread.
 */
final class DecodeStage implements DecodedConsumer<RuntimeException> {
  private final DecodedOutput format;
  private final DecodeStep<RuntimeException> step;
  private ByteOutput out;

  /** Counts added from other stages ({@link #addCounts}). */
  private long otherDecoded;

  private long otherUnmatched;
  private long otherNotData;

  DecodeStage(DbcBindings bindings, DecodedOutput format, ByteOutput out) {
    this.format = format;
    this.out = out;
    this.step = new DecodeStep<>(bindings::decoderFor, null, null, this);
  }

  /** Where the following frames are formatted to. */
  void output(ByteOutput target) {
    this.out = target;
  }

  /** Reassembles the following frames through {@code stage} (null: none). */
  void transport(TransportStage stage) {
    step.transport(stage);
  }

  /** Takes the next frame of the input. */
  void accept(CanFrame f) {
    step.accept(f);
  }

  @Override
  public void decoded(CanFrame frame, DecodeResult result) {
    format.write(frame, result, out);
  }

  /** Frames that reached the decoder: single frames and reassembled messages. */
  long frames() {
    return decoded() + unmatched() + notData();
  }

  long decoded() {
    return step.decoded() + otherDecoded;
  }

  /** Frames that match no message (skipped). */
  long unmatched() {
    return step.unknown().frames() + otherUnmatched;
  }

  /** Remote and error frames (skipped). */
  long notData() {
    return step.notData() + otherNotData;
  }

  /** Adds another stage's counts to this one's. */
  void addCounts(DecodeStage other) {
    otherDecoded += other.decoded();
    otherUnmatched += other.unmatched();
    otherNotData += other.notData();
  }
}
