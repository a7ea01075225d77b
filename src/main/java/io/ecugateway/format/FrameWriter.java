package io.ecugateway.format;

import io.ecugateway.frame.CanFrame;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;

/** Writes frames in one log format. Implementations allocate nothing per frame. */
public interface FrameWriter extends Closeable, Flushable {
  void write(CanFrame frame) throws IOException;
}
