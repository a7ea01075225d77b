package io.ecugateway.decode;

/**
 * J1939 29-bit identifier fields: priority (3) | EDP | DP | PF (8) | PS (8) | SA (8). In PDU1
 * format (PF &lt; 240) PS is the destination address and not part of the PGN.
 */
public final class J1939 {
  private J1939() {}

  /** Parameter group number (18 bits), destination address removed for PDU1. */
  public static int pgn(int id) {
    int pf = (id >>> 16) & 0xFF;
    int pgn = (id >>> 8) & 0x3FFFF;
    return pf < 240 ? pgn & 0x3FF00 : pgn;
  }

  public static int sourceAddress(int id) {
    return id & 0xFF;
  }

  /** Destination address of a PDU1 frame, or -1 for PDU2 (broadcast, no destination field). */
  public static int destinationAddress(int id) {
    return ((id >>> 16) & 0xFF) < 240 ? (id >>> 8) & 0xFF : -1;
  }

  public static int priority(int id) {
    return (id >>> 26) & 0x7;
  }
}
