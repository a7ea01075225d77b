package io.ecugateway.s3.sigv4;

import java.util.zip.Checksum;

/**
 * CRC-64/NVME (reflected polynomial {@code 0x9A6C9329AC4BC9B5}, initial value and final XOR all
 * ones), the {@code x-amz-checksum-crc64nvme} algorithm; the JDK has CRC32 and CRC32C but not this
 * one. Table-driven, eight bytes per step (slicing-by-8).
 */
final class Crc64Nvme implements Checksum {
  private static final long POLYNOMIAL = 0x9A6C9329AC4BC9B5L;
  private static final long[][] TABLES = tables();

  private long crc = -1L;

  private static long[][] tables() {
    long[][] tables = new long[8][256];
    for (int b = 0; b < 256; b++) {
      long value = b;
      for (int bit = 0; bit < 8; bit++) {
        value = (value & 1) != 0 ? (value >>> 1) ^ POLYNOMIAL : value >>> 1;
      }
      tables[0][b] = value;
    }
    for (int b = 0; b < 256; b++) {
      for (int t = 1; t < 8; t++) {
        long previous = tables[t - 1][b];
        tables[t][b] = (previous >>> 8) ^ tables[0][(int) (previous & 0xFF)];
      }
    }
    return tables;
  }

  @Override
  public void update(int b) {
    crc = (crc >>> 8) ^ TABLES[0][(int) ((crc ^ b) & 0xFF)];
  }

  @Override
  public void update(byte[] b, int off, int len) {
    long value = crc;
    int i = off;
    int end = off + len;
    for (; i + 8 <= end; i += 8) {
      value ^=
          (b[i] & 0xFFL)
              | (b[i + 1] & 0xFFL) << 8
              | (b[i + 2] & 0xFFL) << 16
              | (b[i + 3] & 0xFFL) << 24
              | (b[i + 4] & 0xFFL) << 32
              | (b[i + 5] & 0xFFL) << 40
              | (b[i + 6] & 0xFFL) << 48
              | (b[i + 7] & 0xFFL) << 56;
      value =
          TABLES[7][(int) (value & 0xFF)]
              ^ TABLES[6][(int) ((value >>> 8) & 0xFF)]
              ^ TABLES[5][(int) ((value >>> 16) & 0xFF)]
              ^ TABLES[4][(int) ((value >>> 24) & 0xFF)]
              ^ TABLES[3][(int) ((value >>> 32) & 0xFF)]
              ^ TABLES[2][(int) ((value >>> 40) & 0xFF)]
              ^ TABLES[1][(int) ((value >>> 48) & 0xFF)]
              ^ TABLES[0][(int) (value >>> 56)];
    }
    for (; i < end; i++) {
      value = (value >>> 8) ^ TABLES[0][(int) ((value ^ b[i]) & 0xFF)];
    }
    crc = value;
  }

  @Override
  public long getValue() {
    return ~crc;
  }

  @Override
  public void reset() {
    crc = -1L;
  }
}
