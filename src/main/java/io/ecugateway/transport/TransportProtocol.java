package io.ecugateway.transport;

import java.util.Locale;

/** The multi-frame transport protocols the {@link TransportStage} reassembles. */
public enum TransportProtocol {
  /**
   * ISO 15765-2 (UDS, OBD2 and KWP responses): single, first, consecutive and flow-control frames.
   */
  ISOTP("isotp"),
  /** SAE J1939-21 transport: TP.CM (BAM, RTS/CTS) and TP.DT, PGNs 0xEC00 and 0xEB00. */
  J1939("j1939"),
  /** NMEA 2000 fast packet: up to 223 bytes in up to 32 frames of one fast-packet PGN. */
  NMEA2000("nmea2000");

  private final String cliName;

  TransportProtocol(String cliName) {
    this.cliName = cliName;
  }

  /** The lower-case name used on the command line and in configuration files. */
  public String cliName() {
    return cliName;
  }

  /** Parses {@code isotp}, {@code j1939} or {@code nmea2000} (case-insensitive). */
  public static TransportProtocol parse(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (TransportProtocol p : values()) {
      if (p.cliName.equals(n)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "unknown transport protocol '" + name + "' (expected isotp, j1939 or nmea2000)");
  }
}
