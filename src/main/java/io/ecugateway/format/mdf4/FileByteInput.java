package io.ecugateway.format.mdf4;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file read with positional {@link FileChannel} reads into the caller's buffers: memory stays
 * bounded by those buffers whatever the file size, and the page cache does the caching.
 */
public final class FileByteInput implements ByteInput {
  private final String name;
  private final FileChannel channel;
  private final long size;
  private final Runnable onClose;

  public FileByteInput(Path path, String name) throws IOException {
    this(path, name, () -> {});
  }

  /** {@code onClose} runs after the channel is closed (e.g. to delete a spooled temp file). */
  public FileByteInput(Path path, String name, Runnable onClose) throws IOException {
    this.name = name;
    this.channel = FileChannel.open(path, StandardOpenOption.READ);
    this.size = channel.size();
    this.onClose = onClose;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public int read(long position, byte[] dst, int off, int len) throws IOException {
    ByteBuffer bb = ByteBuffer.wrap(dst, off, len);
    long p = position;
    while (bb.hasRemaining()) {
      int n = channel.read(bb, p);
      if (n < 0) {
        break;
      }
      p += n;
    }
    return (int) (p - position);
  }

  @Override
  public void close() throws IOException {
    try {
      channel.close();
    } finally {
      onClose.run();
    }
  }
}
