package io.ecugateway.cli;

import io.ecugateway.dbc.Dbc;
import io.ecugateway.transport.DbcTransport;
import io.ecugateway.transport.IsoTpLayout;
import io.ecugateway.transport.TransportConfig;
import io.ecugateway.transport.TransportProtocol;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * The multi-frame options of {@code decode} (docs/transport.md). A {@code BUS=} prefix binds an
 * option to that bus, no prefix means every bus.
 */
final class TransportOptions {
  private static final Pattern BUS = Pattern.compile("[A-Za-z0-9_.:-]+");

  @Option(
      names = "--transport",
      paramLabel = "[BUS=]isotp|j1939|nmea2000",
      description = {
        "Reassemble multi-frame messages before decoding; repeatable. isotp: UDS/OBD2 responses",
        "on the 11-bit IDs of the bus's DBC messages, the messages with TransportProtocolType",
        "\"ISOTP\" and --isotp-ids; j1939: TP.CM/TP.DT (BAM and RTS/CTS), matched to DBC messages",
        "by PGN; nmea2000: fast packets of the 92 fast-packet PGNs. Segments are never decoded",
        "as single frames; a message gets the time of its last segment."
      })
  List<String> transports = new ArrayList<>();

  @Option(
      names = "--isotp-layout",
      paramLabel = "[BUS=]A|B",
      description = {
        "ISO-TP payload layout for the DBC: A = length byte + message (tp_uds.dbc, OBD2 DBC),",
        "B = message only. Default: B for messages with TransportProtocolType \"ISOTP\", else A."
      })
  List<String> layouts = new ArrayList<>();

  @Option(
      names = "--isotp-ids",
      paramLabel = "[BUS=]ID[,ID...]",
      description = {
        "Extra ISO-TP response IDs in hex (7E8, 0x18DAF110); IDs above 7FF or with an x suffix",
        "are 29-bit."
      })
  List<String> ids = new ArrayList<>();

  /** True if any of these options was given. */
  boolean given() {
    return !transports.isEmpty() || !layouts.isEmpty() || !ids.isEmpty();
  }

  /**
   * True if J1939 or NMEA 2000 transport runs on some bus: then extended DBC messages longer than 8
   * bytes match reassembled frames by PGN.
   *
   * @throws IllegalArgumentException for an unknown protocol name
   */
  boolean matchByPgn() {
    boolean any = false;
    for (String t : transports) {
      any |= parse("--transport", t, TransportProtocol::parse) != TransportProtocol.ISOTP;
    }
    return any;
  }

  /**
   * The transport configuration for these options and DBC bindings.
   *
   * @throws IllegalArgumentException naming the option and the bad value
   */
  TransportConfig config(DbcBindings bindings, Consumer<String> warnings) {
    TransportConfig.Builder b = TransportConfig.builder();
    Set<String> isoTpBuses = new LinkedHashSet<>();
    for (String t : transports) {
      TransportProtocol p = parse("--transport", t, TransportProtocol::parse);
      b.enable(bus(t), p);
      if (p == TransportProtocol.ISOTP) {
        isoTpBuses.add(bus(t) == null ? "" : bus(t));
      }
    }
    for (String l : layouts) {
      b.isoTpLayout(bus(l), parse("--isotp-layout", l, IsoTpLayout::parse));
      requireIsoTp("--isotp-layout", l, isoTpBuses, warnings);
    }
    for (String i : ids) {
      parseIds(i, b);
      requireIsoTp("--isotp-ids", i, isoTpBuses, warnings);
    }
    for (Dbc dbc : bindings.dbcsForBus(null)) {
      DbcTransport.addIsoTpStreams(b, null, dbc, null);
    }
    for (String bus : bindings.boundBuses()) {
      for (Dbc dbc : bindings.dbcsForBus(bus)) {
        DbcTransport.addIsoTpStreams(b, bus, dbc, null);
      }
    }
    return b.build();
  }

  private static void parseIds(String arg, TransportConfig.Builder b) {
    for (String id : value(arg).split(",")) {
      parseId(bus(arg), id, b);
    }
  }

  private static void parseId(String bus, String id, TransportConfig.Builder b) {
    String v = id.trim().toLowerCase(Locale.ROOT);
    boolean forceExtended = v.endsWith("x");
    String digits = forceExtended ? v.substring(0, v.length() - 1) : v;
    digits = digits.startsWith("0x") ? digits.substring(2) : digits;
    int value;
    try {
      value = Integer.parseUnsignedInt(digits, 16);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--isotp-ids: '" + id + "' is not a hexadecimal CAN ID (e.g. 7E8 or 18DAF110)");
    }
    try {
      b.isoTpStream(bus, value, forceExtended || value > 0x7FF);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--isotp-ids: " + e.getMessage());
    }
  }

  private static void requireIsoTp(
      String option, String arg, Set<String> isoTpBuses, Consumer<String> warnings) {
    String bus = bus(arg);
    if (!isoTpBuses.contains("") && !isoTpBuses.contains(bus == null ? "" : bus)) {
      warnings.accept(
          option
              + " "
              + arg
              + " has no effect without --transport "
              + (bus == null ? "" : bus + "=")
              + "isotp");
    }
  }

  private static <T> T parse(String option, String arg, java.util.function.Function<String, T> f) {
    try {
      return f.apply(value(arg));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + ": " + e.getMessage());
    }
  }

  /** The bus of {@code can1=value}, or null. */
  private static String bus(String arg) {
    int eq = arg.indexOf('=');
    return eq > 0 && BUS.matcher(arg.substring(0, eq)).matches() ? arg.substring(0, eq) : null;
  }

  private static String value(String arg) {
    return bus(arg) == null ? arg : arg.substring(arg.indexOf('=') + 1);
  }
}
