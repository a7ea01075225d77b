package io.ecugateway.sink;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The table of one DBC message: designated timestamp {@code ts}, {@code device}, {@code bus}, then
 * one DOUBLE column per signal, in {@link #signals()} order. Names are kept as in the DBC when they
 * are plain identifiers and made safe otherwise (see {@link #identifier(String)}).
 *
 * @param name table name (the message name, made a safe identifier)
 * @param signals column names, one per signal
 * @param units unit per signal (may be empty strings), same order
 */
public record MessageTable(String name, List<String> signals, List<String> units) {
  /** Columns every table has; signals with these names get a {@code sig_} prefix. */
  public static final Set<String> RESERVED = Set.of("ts", "device", "bus");

  public MessageTable {
    signals = List.copyOf(signals);
    units = List.copyOf(units);
    if (signals.size() != units.size()) {
      throw new IllegalArgumentException("one unit per signal expected");
    }
  }

  /**
   * Builds the table for a message, making names safe and unique (case-insensitively, as both
   * databases compare identifiers).
   */
  public static MessageTable of(String message, List<String> signals, List<String> units) {
    List<String> columns = new ArrayList<>(signals.size());
    Set<String> seen = new HashSet<>(RESERVED);
    for (String s : signals) {
      String c = identifier(s);
      if (RESERVED.contains(c.toLowerCase(Locale.ROOT))) {
        c = "sig_" + c;
      }
      String unique = c;
      for (int n = 2; !seen.add(unique.toLowerCase(Locale.ROOT)); n++) {
        unique = c + "_" + n;
      }
      columns.add(unique);
    }
    return new MessageTable(identifier(message), columns, units);
  }

  /** Letters, digits and underscores, not starting with a digit, at most 63 characters. */
  public static String identifier(String raw) {
    StringBuilder sb = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length() && sb.length() < 63; i++) {
      char c = raw.charAt(i);
      sb.append((c < 128 && Character.isLetterOrDigit(c)) || c == '_' ? c : '_');
    }
    if (sb.isEmpty() || Character.isDigit(sb.charAt(0))) {
      sb.insert(0, 'm');
    }
    return sb.length() > 63 ? sb.substring(0, 63) : sb.toString();
  }
}
