package io.ecugateway.format.text;

/** The channel number a test writer of a numbered-channel format (ASC, TRC, CSV) gives a bus. */
public final class ChannelNumbers {
  private ChannelNumbers() {}

  /**
   * The number at the end of a bus name ({@code can2} → 2, {@code vcan0} → 0), or {@code otherwise}
   * if it has none: how writers of numbered-channel formats map bus names.
   */
  public static int of(String bus, int otherwise) {
    if (bus == null) {
      return otherwise;
    }
    int end = bus.length();
    int start = end;
    while (start > 0 && end - start < 6 && Character.isDigit(bus.charAt(start - 1))) {
      start--;
    }
    if (start == end) {
      return otherwise;
    }
    int n = 0;
    for (int i = start; i < end; i++) {
      n = n * 10 + (bus.charAt(i) - '0');
    }
    return n;
  }
}
