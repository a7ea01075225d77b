package io.ecugateway.stream;

import java.util.Map;

/**
 * What a dashboard needs to show a signal: its unit and value-table labels (raw value → text).
 *
 * @param name signal name
 * @param unit unit from the DBC, empty if none
 * @param labels value table; the live stream sends physical values, so labels apply where factor 1
 *     and offset 0 make both the same (as in the DBC's VAL_ definitions)
 */
public record SignalInfo(String name, String unit, Map<Long, String> labels) {
  public SignalInfo {
    unit = unit == null ? "" : unit;
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }
}
