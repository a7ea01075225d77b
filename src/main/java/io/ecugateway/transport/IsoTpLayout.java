package io.ecugateway.transport;

import java.util.Locale;

/**
 * How a reassembled ISO-TP message is laid out for the DBC decoder (docs/transport.md, "ISO-TP").
 * The two layouts exist because CSS changed convention: their DBCs address the same bytes at
 * different offsets.
 */
public enum IsoTpLayout {
  /**
   * {@code [length & 0xFF] + message}: the service ID is at byte 1, as in {@code tp_uds.dbc},
   * {@code tp_uds_nissan.dbc} and the CSS OBD2 DBC. For a single frame this is the frame cut to 1 +
   * length.
   */
  A,
  /**
   * Message only, service ID at byte 0: DBC messages with {@code BA_ "TransportProtocolType" ...
   * "ISOTP"} (the current CSS MF4 decoders) and {@code tp_uds_hyundai_soc.dbc}.
   */
  B;

  public static IsoTpLayout parse(String name) {
    String n = name.trim().toUpperCase(Locale.ROOT);
    if (n.equals("A")) {
      return A;
    }
    if (n.equals("B")) {
      return B;
    }
    throw new IllegalArgumentException("unknown ISO-TP layout '" + name + "' (expected A or B)");
  }
}
