package io.ecugateway.format.canedge;

import io.ecugateway.format.mdf4.ByteInput;
import java.io.IOException;
import java.io.InputStream;

/** Sequential reading of a {@link ByteInput}; closing it closes (and so cleans up) the input. */
final class ByteInputStream extends InputStream {
  private final ByteInput in;
  private long pos;

  ByteInputStream(ByteInput in) {
    this.in = in;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) <= 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    int n = in.read(pos, b, off, len);
    if (n <= 0) {
      return -1;
    }
    pos += n;
    return n;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
