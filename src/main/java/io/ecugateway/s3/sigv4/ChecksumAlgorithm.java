package io.ecugateway.s3.sigv4;

import java.security.MessageDigest;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/** The {@code x-amz-checksum-*} algorithms S3 clients send, as header or as aws-chunked trailer. */
enum ChecksumAlgorithm {
  CRC32(4),
  CRC32C(4),
  CRC64NVME(8),
  SHA1(20),
  SHA256(32);

  private static final String PREFIX = "x-amz-checksum-";
  private final int length;

  ChecksumAlgorithm(int length) {
    this.length = length;
  }

  String headerName() {
    return PREFIX + name().toLowerCase(Locale.ROOT);
  }

  /** Length of the checksum in bytes (its base64 form is what headers carry). */
  int length() {
    return length;
  }

  /**
   * The algorithm a header or trailer name stands for, or null ({@code x-amz-checksum-type}...).
   */
  static ChecksumAlgorithm ofHeader(String name) {
    String lower = name.strip().toLowerCase(Locale.ROOT);
    for (ChecksumAlgorithm algorithm : values()) {
      if (algorithm.headerName().equals(lower)) {
        return algorithm;
      }
    }
    return null;
  }

  Running start() {
    return switch (this) {
      case CRC32 -> new Running(new CRC32(), null, 4);
      case CRC32C -> new Running(new CRC32C(), null, 4);
      case CRC64NVME -> new Running(new Crc64Nvme(), null, 8);
      case SHA1 -> new Running(null, Hashing.digest("SHA-1"), 20);
      case SHA256 -> new Running(null, Hashing.sha256(), 32);
    };
  }

  /** A checksum being computed over a body; the big-endian bytes S3 puts in base64 at the end. */
  static final class Running {
    private final Checksum crc;
    private final MessageDigest digest;
    private final int length;

    Running(Checksum crc, MessageDigest digest, int length) {
      this.crc = crc;
      this.digest = digest;
      this.length = length;
    }

    void update(byte[] data, int offset, int count) {
      if (crc != null) {
        crc.update(data, offset, count);
      } else {
        digest.update(data, offset, count);
      }
    }

    byte[] value() {
      if (digest != null) {
        return digest.digest();
      }
      long value = crc.getValue();
      byte[] out = new byte[length];
      for (int i = 0; i < length; i++) {
        out[i] = (byte) (value >>> (8 * (length - 1 - i)));
      }
      return out;
    }
  }
}
