package io.ecugateway.cli;

import io.ecugateway.decode.DecodeResult;
import io.ecugateway.frame.CanFrame;
import java.io.IOException;

/** Where the {@code decode} command writes decoded frames (JSONL or CSV). */
interface DecodedOutput extends AutoCloseable {
  void write(CanFrame frame, DecodeResult result) throws IOException;

  @Override
  void close() throws IOException;
}
