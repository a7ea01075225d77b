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
  private final byte[] standardLayouts;
  private final long[] extendedKeys;
  private final byte[] extendedLayouts;

  /**
   * Indexed by a 29-bit ID's EDP, DP and PF bits: true where a J1939 TP frame or a fast packet can
   * occur on this bus. Most J1939 traffic is rejected with this one lookup.
   */
  private final boolean[] transportFormats = new boolean[0x400];

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
    this.standardLayouts = standardLayouts;
    this.extendedKeys = extendedKeys;
    this.extendedLayouts = extendedLayouts;
    if (j1939) {
      transportFormats[0x0EC] = true;
      transportFormats[0x0EB] = true;
    }
    if (nmea2000) {
      for (int pgn : FastPacketPgns.all()) {
        transportFormats[pgn >>> 8] = true;
      }
    }
  }

  /** False if no J1939 TP or fast-packet frame can have this 29-bit ID here. */
  boolean mayCarryTransport(int extendedId) {
    return transportFormats[(extendedId >>> 16) & 0x3FF];
  }

  /** True if any protocol runs here; buses without one skip every check. */
  boolean any() {
    return isoTp || j1939 || nmea2000;
  }

  /** The layout of the ISO-TP stream with this ID, or null if the ID is not an ISO-TP stream. */
  IsoTpLayout isoTpLayout(int id, boolean extended) {
    byte code;
    if (!extended) {
      code = id >= 0 && id < standardLayouts.length ? standardLayouts[id] : NOT_A_STREAM;
    } else {
      int i = Arrays.binarySearch(extendedKeys, TransportConfig.streamKey(id, true));
      code = i >= 0 ? extendedLayouts[i] : NOT_A_STREAM;
    }
    return code == NOT_A_STREAM ? null : code == 1 ? IsoTpLayout.A : IsoTpLayout.B;
  }

  static byte code(IsoTpLayout layout) {
    return (byte) (layout == IsoTpLayout.A ? 1 : 2);
  }
}
