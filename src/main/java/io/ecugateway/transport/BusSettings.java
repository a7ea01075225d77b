package io.ecugateway.transport;

import java.util.Arrays;

/**
 * The effective transport settings of one bus, resolved once from {@link TransportConfig} into
 * tables the per-frame path can query without allocating.
 */
final class BusSettings {
  private static final byte NOT_A_STREAM = 0;

  final boolean isoTp;
  final boolean j1939;
  final boolean nmea2000;

  /** True if any protocol runs here; buses without one skip every check. */
  final boolean any;

  private final byte[] standardLayouts;

  /**
   * 29-bit ISO-TP stream IDs in an open-addressing table (-1 = empty slot) with their layout codes:
   * one or two probes per frame, where a binary search over a DBC's many diagnostic IDs cost a
   * branch misprediction per level on every extended frame.
   */
  private final int[] extendedIds;

  private final byte[] extendedCodes;
  private final int extendedMask;

  /** {@link #formats} bit: an ISO-TP stream may have a 29-bit ID with these EDP/DP/PF bits. */
  static final byte ISO_TP_FORMAT = 1;

  /** {@link #formats} bit: a J1939 TP frame or a fast packet may have such an ID. */
  static final byte TP_FORMAT = 2;

  /**
   * Indexed by a 29-bit ID's EDP, DP and PF bits: which protocols can occur with such an ID on this
   * bus. Most 29-bit traffic is rejected with this one lookup, before any per-protocol check.
   */
  private final byte[] formats = new byte[0x400];

  BusSettings(
      boolean isoTp,
      boolean j1939,
      boolean nmea2000,
      byte[] standardLayouts,
      long[] extendedKeys,
      byte[] extendedLayouts) {
    this.isoTp = isoTp;
    this.j1939 = j1939;
    this.nmea2000 = nmea2000;
    this.any = isoTp || j1939 || nmea2000;
    this.standardLayouts = standardLayouts;
    int capacity = Integer.highestOneBit(Math.max(4, extendedKeys.length * 4) - 1) << 1;
    extendedIds = new int[capacity];
    extendedCodes = new byte[capacity];
    extendedMask = capacity - 1;
    Arrays.fill(extendedIds, -1);
    for (int k = 0; k < extendedKeys.length; k++) {
      int id = (int) (extendedKeys[k] & 0x1FFF_FFFF);
      int slot = slot(id);
      while (extendedIds[slot] != -1) {
        slot = (slot + 1) & extendedMask;
      }
      extendedIds[slot] = id;
      extendedCodes[slot] = extendedLayouts[k];
      formats[format(id)] |= ISO_TP_FORMAT;
    }
    if (j1939) {
      formats[0x0EC] |= TP_FORMAT;
      formats[0x0EB] |= TP_FORMAT;
    }
    if (nmea2000) {
      for (int pgn : FastPacketPgns.all()) {
        formats[pgn >>> 8] |= TP_FORMAT;
      }
    }
  }

  /** {@link #ISO_TP_FORMAT} and {@link #TP_FORMAT} bits for this 29-bit ID; 0 for most traffic. */
  int formatsOf(int extendedId) {
    return formats[format(extendedId)];
  }

  private static int format(int extendedId) {
    return (extendedId >>> 16) & 0x3FF;
  }

  /** The layout of the ISO-TP stream with this ID, or null if the ID is not an ISO-TP stream. */
  IsoTpLayout isoTpLayout(int id, boolean extended) {
    byte code;
    if (!extended) {
      code = id >= 0 && id < standardLayouts.length ? standardLayouts[id] : NOT_A_STREAM;
    } else {
      code = extendedCode(id);
    }
    return code == NOT_A_STREAM ? null : code == 1 ? IsoTpLayout.A : IsoTpLayout.B;
  }

  private byte extendedCode(int id) {
    int slot = slot(id);
    int found;
    while ((found = extendedIds[slot]) != -1) {
      if (found == id) {
        return extendedCodes[slot];
      }
      slot = (slot + 1) & extendedMask;
    }
    return NOT_A_STREAM;
  }

  private int slot(int id) {
    int h = id * 0x9E3779B9;
    return (h ^ (h >>> 15)) & extendedMask;
  }

  static byte code(IsoTpLayout layout) {
    return (byte) (layout == IsoTpLayout.A ? 1 : 2);
  }
}
