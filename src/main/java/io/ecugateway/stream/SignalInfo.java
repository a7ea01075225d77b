package io.ecugateway.stream;

import java.util.Map;

/**
 * What a dashboard needs to show a signal: its unit and value-table labels.
 *
 * @param name signal name
 * @param unit unit from the DBC, empty if none
 * @param labels value table keyed by physical value (the live stream sends physical values); DBC
 *     labels whose raw value does not scale to an integer are left out
 */
public record SignalInfo(String name, String unit, Map<Long, String> labels) {
  public SignalInfo {
    unit = unit == null ? "" : unit;
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }
}
