package io.ecugateway.format.canedge;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The header CANedge puts in front of compressed (.MFC) and encrypted (.MFE, .MFM) log files:
 * {@code "Generic File"}, two reserved bytes, a content type (0x22 compressed, 0x11 encrypted), an
 * algorithm (0x01 = heatshrink / AES-256-GCM) and the device serial as a big-endian uint32. The
 * algorithm parameters follow (see {@link HeatshrinkHeader}, {@link EncryptionHeader}).
 */
record GenericFileHeader(int type, int algorithm, long deviceId) {
  static final byte[] MAGIC = "Generic File".getBytes(StandardCharsets.US_ASCII);
  static final int TYPE_COMPRESSED = 0x22;
  static final int TYPE_ENCRYPTED = 0x11;
  static final int ALGORITHM_DEFAULT = 0x01;
  static final int SIZE = 20;

  /** The header of {@code head}, or null if it does not start with the magic. */
  static GenericFileHeader parse(byte[] head, int length) {
    if (length < SIZE) {
      return null;
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (head[i] != MAGIC[i]) {
        return null;
      }
    }
    return new GenericFileHeader(head[14] & 0xFF, head[15] & 0xFF, beU32(head, 16));
  }

  static long beU32(byte[] b, int at) {
    return ((b[at] & 0xFFL) << 24)
        | ((b[at + 1] & 0xFFL) << 16)
        | ((b[at + 2] & 0xFFL) << 8)
        | (b[at + 3] & 0xFFL);
  }

  /** The serial as CANedge prints it and passwords.json keys it: 8 upper-case hex digits. */
  String deviceSerial() {
    return String.format(Locale.ROOT, "%08X", deviceId);
  }

  boolean isCompressed() {
    return type == TYPE_COMPRESSED;
  }

  boolean isEncrypted() {
    return type == TYPE_ENCRYPTED;
  }
}
