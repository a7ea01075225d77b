package io.ecugateway.transport;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code transport} section of the gateway configuration: multi-frame reassembly (ISO-TP, J1939
 * TP, NMEA 2000 fast packet) before decoding, for uploads, live ingest and replays alike; bus
 * {@code *} means every bus. ISO-TP streams are the 11-bit IDs of the bus's DBC messages, the
 * messages with {@code TransportProtocolType "ISOTP"} and {@code isotpIds}.
 *
 * @param protocols bus → protocols reassembled on it: {@code isotp}, {@code j1939}, {@code
 *     nmea2000}; empty = none
 * @param isotpLayouts bus → ISO-TP layout forced there: {@code A} (length byte + message) or {@code
 *     B} (message only)
 * @param dbcLayouts DBC file name → ISO-TP layout of its messages (e.g. {@code B} for a DBC written
 *     for the message without the length byte)
 * @param isotpIds bus → extra ISO-TP response IDs, hex ({@code 7E9}, {@code 18DAF110})
 * @param sessions device sessions whose unfinished messages are kept for their next split
 */
public record TransportSettings(
    Map<String, List<String>> protocols,
    Map<String, String> isotpLayouts,
    Map<String, String> dbcLayouts,
    Map<String, List<String>> isotpIds,
    int sessions) {
  public static final TransportSettings DEFAULTS =
      new TransportSettings(Map.of(), Map.of(), Map.of(), Map.of(), 1024);

  public TransportSettings {
    protocols = protocols == null ? Map.of() : copyLists(protocols);
    isotpLayouts = isotpLayouts == null ? Map.of() : Map.copyOf(isotpLayouts);
    dbcLayouts = dbcLayouts == null ? Map.of() : Map.copyOf(dbcLayouts);
    isotpIds = isotpIds == null ? Map.of() : copyLists(isotpIds);
  }

  /** True if some bus reassembles something. */
  public boolean enabled() {
    return protocols.values().stream().anyMatch(l -> !l.isEmpty());
  }

  /** Adds a message per problem, each naming its key ({@code transport.protocols.can1: ...}). */
  public void validate(List<String> errors) {
    if (sessions < 1) {
      errors.add("transport.sessions must be positive, found " + sessions);
    }
    protocols.forEach(
        (bus, list) ->
            list.forEach(
                p ->
                    check(errors, "transport.protocols." + bus, () -> TransportProtocol.parse(p))));
    isotpLayouts.forEach(
        (bus, l) -> check(errors, "transport.isotpLayouts." + bus, () -> IsoTpLayout.parse(l)));
    dbcLayouts.forEach(
        (dbc, l) -> check(errors, "transport.dbcLayouts." + dbc, () -> IsoTpLayout.parse(l)));
    isotpIds.forEach(
        (bus, ids) ->
            ids.forEach(id -> check(errors, "transport.isotpIds." + bus, () -> parseIsoTpId(id))));
  }

  private static void check(List<String> errors, String key, Runnable parse) {
    try {
      parse.run();
    } catch (IllegalArgumentException e) {
      errors.add(key + ": " + e.getMessage());
    }
  }

  /**
   * A builder holding what these settings say per bus (protocols, layouts, extra ISO-TP IDs); the
   * caller adds the ISO-TP streams of the device's DBC files ({@link DbcTransport}, with {@link
   * #dbcLayout}). Settings must be valid ({@link #validate}).
   */
  public TransportConfig.Builder builder() {
    TransportConfig.Builder b = TransportConfig.builder();
    protocols.forEach(
        (bus, list) -> list.forEach(p -> b.enable(bus(bus), TransportProtocol.parse(p))));
    isotpLayouts.forEach((bus, l) -> b.isoTpLayout(bus(bus), IsoTpLayout.parse(l)));
    isotpIds.forEach(
        (bus, ids) ->
            ids.forEach(
                id -> {
                  int[] parsed = parseIsoTpId(id);
                  b.isoTpStream(bus(bus), parsed[0], parsed[1] == 1);
                }));
    return b;
  }

  /** The ISO-TP layout configured for the messages of a DBC file, or null (the default rules). */
  public IsoTpLayout dbcLayout(String dbcFileName) {
    String layout = dbcLayouts.get(dbcFileName);
    return layout == null ? null : IsoTpLayout.parse(layout);
  }

  /** {@code *} is every bus; bus names are compared as the catalog does, in lower case. */
  private static String bus(String key) {
    return key.equals("*") ? null : key.toLowerCase(Locale.ROOT);
  }

  /**
   * A hex CAN ID as {@code [id, extended ? 1 : 0]}: above 7FF or with an {@code x} suffix it is
   * 29-bit.
   */
  public static int[] parseIsoTpId(String text) {
    String v = text.trim().toLowerCase(Locale.ROOT);
    boolean x = v.endsWith("x");
    String digits = x ? v.substring(0, v.length() - 1) : v;
    digits = digits.startsWith("0x") ? digits.substring(2) : digits;
    try {
      int id = Integer.parseUnsignedInt(digits, 16);
      boolean extended = x || id > 0x7FF;
      if (id > (extended ? 0x1FFFFFFF : 0x7FF)) {
        throw new NumberFormatException();
      }
      return new int[] {id, extended ? 1 : 0};
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not a hexadecimal CAN ID");
    }
  }

  private static Map<String, List<String>> copyLists(Map<String, List<String>> m) {
    Map<String, List<String>> out = new java.util.LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, v == null ? List.of() : List.copyOf(v)));
    return java.util.Collections.unmodifiableMap(out);
  }
}
