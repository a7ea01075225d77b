package io.ecugateway.format.canedge;

import io.ecugateway.format.FormatException;
import java.util.Arrays;

/**
 * Parameters of an encrypted CANedge file, after the {@link GenericFileHeader}: the AES-GCM IV (12
 * bytes at 20), the PBKDF2 iteration count (big-endian uint32 at 32) and salt (16 bytes at 36). The
 * whole 52-byte header is the GCM associated data; the ciphertext follows and the last 16 bytes of
 * the file are the tag.
 */
record EncryptionHeader(byte[] header, byte[] iv, int iterations, byte[] salt) {
  static final int SIZE = 52;
  static final int TAG_BYTES = 16;

  /** Beyond this, deriving the key is a denial of service rather than protection. */
  static final int MAX_ITERATIONS = 1_000_000;

  static EncryptionHeader parse(String file, byte[] h, int length) throws FormatException {
    if (length < SIZE) {
      throw new FormatException(
          file, 0, "encrypted file header truncated (" + length + " of 52 bytes)");
    }
    long iterations = GenericFileHeader.beU32(h, 32);
    if (iterations < 1 || iterations > MAX_ITERATIONS) {
      throw new FormatException(
          file, 32, "PBKDF2 iteration count " + iterations + " outside 1.." + MAX_ITERATIONS);
    }
    return new EncryptionHeader(
        Arrays.copyOf(h, SIZE),
        Arrays.copyOfRange(h, 20, 32),
        (int) iterations,
        Arrays.copyOfRange(h, 36, 52));
  }
}
