package io.ecugateway.stream;

/** Minimal JSON writing helpers for the hot fan-out path (no tree, no reflection). */
final class Json {
  private Json() {}

  static StringBuilder string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"');
  }

  /** Non-finite values become the strings "NaN", "Infinity", "-Infinity" (as the decode CLI). */
  static StringBuilder number(StringBuilder sb, double v) {
    if (Double.isNaN(v)) {
      return sb.append("\"NaN\"");
    }
    if (Double.isInfinite(v)) {
      return sb.append(v > 0 ? "\"Infinity\"" : "\"-Infinity\"");
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return sb.append((long) v);
    }
    return sb.append(v);
  }

  /** Epoch nanoseconds as decimal seconds with microsecond precision: {@code 1600000000.123456}. */
  static StringBuilder seconds(StringBuilder sb, long timeNs) {
    long micros = Math.floorDiv(timeNs, 1000);
    long sec = Math.floorDiv(micros, 1_000_000);
    long frac = Math.floorMod(micros, 1_000_000);
    sb.append(sec).append('.');
    String f = Long.toString(frac);
    for (int i = f.length(); i < 6; i++) {
      sb.append('0');
    }
    return sb.append(f);
  }
}
