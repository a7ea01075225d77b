package io.ecugateway.format.blf;

import java.io.IOException;
import java.io.InputStream;

/** The file as a stream that knows its offset, for messages that name where damage is. */
final class FileInput implements AutoCloseable {
  private final InputStream in;
  private long offset;

  FileInput(InputStream in) {
    this.in = in;
  }

  /** Offset of the next byte read. */
  long offset() {
    return offset;
  }

  /** Reads up to {@code len} bytes, fewer only at the end of the file. */
  int readFully(byte[] b, int off, int len) throws IOException {
    int n = in.readNBytes(b, off, len);
    offset += n;
    return n;
  }

  /** Skips up to {@code n} bytes, fewer only at the end of the file; returns how many. */
  long skip(long n) throws IOException {
    long done = 0;
    while (done < n) {
      long s = in.skip(n - done);
      if (s <= 0) {
        if (in.read() < 0) {
          break;
        }
        s = 1;
      }
      done += s;
    }
    offset += done;
    return done;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
