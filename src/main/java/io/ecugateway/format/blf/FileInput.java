package io.ecugateway.format.blf;

import java.io.IOException;
import java.io.InputStream;

/** The file as a stream that knows its offset, for messages that name where damage is. */
final class FileInput implements AutoCloseable {
  private final InputStream in;
  private final byte[] scratch = new byte[8192];
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

  /**
   * Skips up to {@code n} bytes, fewer only at the end of the file; returns how many. Reads rather
   * than {@link InputStream#skip}, which may skip past the end of a file without saying so.
   */
  long skip(long n) throws IOException {
    long done = 0;
    while (done < n) {
      int r = in.readNBytes(scratch, 0, (int) Math.min(scratch.length, n - done));
      if (r == 0) {
        break;
      }
      done += r;
    }
    offset += done;
    return done;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
