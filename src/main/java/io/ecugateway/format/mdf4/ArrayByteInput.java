package io.ecugateway.format.mdf4;

/** An MDF image in memory (a decompressed or decrypted CANedge file, a test fixture). */
public final class ArrayByteInput implements ByteInput {
  private final String name;
  private final byte[] data;
  private final int length;

  public ArrayByteInput(String name, byte[] data, int length) {
    this.name = name;
    this.data = data;
    this.length = length;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public long size() {
    return length;
  }

  @Override
  public int read(long position, byte[] dst, int off, int len) {
    if (position >= length) {
      return 0;
    }
    int n = (int) Math.min(len, length - position);
    System.arraycopy(data, (int) position, dst, off, n);
    return n;
  }

  @Override
  public void close() {}
}
