package io.ecugateway.format.mdf4;

import io.ecugateway.frame.CanFrame;
import java.io.IOException;

/** A stage of the frame pipeline: scanner, reorder window, merge. */
interface FrameSource {
  /** Fills {@code frame} with the next frame; false at the end. */
  boolean next(CanFrame frame) throws IOException;
}
