package io.ecugateway.transport;

import java.util.BitSet;

/**
 * The 92 NMEA 2000 PGNs sent as fast packets, as listed by the CSS Electronics reference scripts
 * (docs/transport.md, "NMEA 2000 fast packet"). Frames of any other PGN are single frames and pass
 * through.
 */
final class FastPacketPgns {
  private FastPacketPgns() {}

  private static final int[] PGNS = {
    126983, 126984, 126985, 126986, 126987, 126988, 126996, 127233, 127237, 127489, 127496, 127497,
    127503, 127504, 127506, 127751, 128275, 128520, 128538, 129029, 129038, 129039, 129040, 129041,
    129044, 129284, 129285, 129301, 129302, 129538, 129540, 129541, 129542, 129545, 129547, 129549,
    129551, 129556, 129792, 129793, 129794, 129795, 129796, 129798, 129799, 129800, 129801, 129803,
    129804, 129805, 129806, 129807, 129808, 129809, 129810, 129811, 129812, 129813, 129814, 129815,
    129816, 130052, 130053, 130054, 130060, 130061, 130064, 130065, 130067, 130068, 130069, 130070,
    130071, 130072, 130073, 130074, 130320, 130321, 130322, 130323, 130324, 130564, 130565, 130567,
    130569, 130571, 130575, 130577, 130578, 130581, 130584, 130586
  };

  private static final BitSet SET = new BitSet(1 << 18);

  static {
    for (int pgn : PGNS) {
      SET.set(pgn);
    }
  }

  static int[] all() {
    return PGNS.clone();
  }

  static int count() {
    return SET.cardinality();
  }

  static boolean contains(int pgn) {
    return SET.get(pgn);
  }

  /**
   * The PGN of a 29-bit identifier: EDP, DP, PF, and PS only for PDU2 formats (PF >= 240); for PDU1
   * the PS byte is the destination address.
   */
  static int pgnOf(int id) {
    int pf = (id >>> 16) & 0xFF;
    int pgn = (id >>> 8) & 0x3FF00;
    return pf >= 240 ? pgn | ((id >>> 8) & 0xFF) : pgn;
  }
}
