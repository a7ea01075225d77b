package io.ecugateway.format.mdf4;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Collects bytes produced sequentially (a stream source, a decompressed or decrypted CANedge file)
 * into a {@link ByteInput}: in memory up to {@link #MEMORY_LIMIT}, beyond that in a temporary file
 * deleted on close, so memory stays bounded whatever the size.
 */
public final class SpooledInput extends OutputStream {
  public static final int MEMORY_LIMIT = 64 << 20;

  private final String name;
  private final Path tempDir;
  private byte[] mem = new byte[64 * 1024];
  private int memLength;
  private Path file;
  private OutputStream fileOut;
  private long length;

  public SpooledInput(String name, Path tempDir) {
    this.name = name;
    this.tempDir = tempDir;
  }

  public static ByteInput of(String name, InputStream in, Path tempDir) throws IOException {
    SpooledInput s = new SpooledInput(name, tempDir);
    try (s) {
      in.transferTo(s);
    } catch (IOException | RuntimeException e) {
      s.discard();
      throw e;
    }
    return s.toInput();
  }

  public long length() {
    return length;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (fileOut == null && (long) memLength + len > MEMORY_LIMIT) {
      file = Files.createTempFile(tempDir, "ecu-gateway-", ".mf4");
      fileOut = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
      fileOut.write(mem, 0, memLength);
      mem = null;
    }
    if (fileOut != null) {
      fileOut.write(b, off, len);
    } else {
      if (memLength + len > mem.length) {
        mem = Arrays.copyOf(mem, Math.max(memLength + len, Math.min(2 * mem.length, MEMORY_LIMIT)));
      }
      System.arraycopy(b, off, mem, memLength, len);
      memLength += len;
    }
    length += len;
  }

  @Override
  public void close() throws IOException {
    if (fileOut != null) {
      fileOut.close();
    }
  }

  /** Deletes the temporary file, if any (after a failure). */
  public void discard() {
    try {
      close();
      if (file != null) {
        Files.deleteIfExists(file);
      }
    } catch (IOException ignored) {
      // best effort: the file lives in the temp directory
    }
  }

  /** The collected bytes; call after {@link #close()}. */
  public ByteInput toInput() throws IOException {
    if (file == null) {
      return new ArrayByteInput(name, mem, memLength);
    }
    Path f = file;
    return new FileByteInput(
        f,
        name,
        () -> {
          try {
            Files.deleteIfExists(f);
          } catch (IOException ignored) {
            // best effort
          }
        });
  }
}
