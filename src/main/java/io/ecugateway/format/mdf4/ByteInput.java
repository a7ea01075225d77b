package io.ecugateway.format.mdf4;

import java.io.Closeable;
import java.io.IOException;

/**
 * Random-access bytes an MDF file is read from: a file on disk or an in-memory image (a
 * decompressed .MFC, a decrypted .MFE). Reads are positional so several cursors (one per data
 * group, one per signal-data chain) can share one input.
 */
public interface ByteInput extends Closeable {

  /** Name used in error messages (the file the user gave). */
  String name();

  long size();

  /**
   * Reads up to {@code len} bytes at {@code position}.
   *
   * @return the number of bytes read; less than {@code len} only at the end of the input
   */
  int read(long position, byte[] dst, int off, int len) throws IOException;

  /** Exactly {@code len} bytes at {@code position}, or an {@link java.io.EOFException}. */
  default void readFully(long position, byte[] dst, int off, int len) throws IOException {
    int n = read(position, dst, off, len);
    if (n < len) {
      throw new java.io.EOFException(
          name() + ": " + len + " bytes wanted at offset " + position + ", file ends after " + n);
    }
  }
}
