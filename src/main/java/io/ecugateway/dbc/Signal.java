package io.ecugateway.dbc;

import java.util.List;
import java.util.Map;

/**
 * One {@code SG_} line, resolved against the rest of the file (value type, value descriptions,
 * comment, attributes, extended multiplexing).
 *
 * <p>Multiplexing follows cantools' reading of the DBC: a signal whose {@link #multiplexerSignal()}
 * is null is always present; otherwise it is present when its multiplexer is present and the
 * multiplexer's value lies in one of {@link #multiplexerValues()}. With exactly one multiplexer
 * switch ({@code M} or {@code mNM}) in the message, {@code mN} signals hang off it (plus any
 * SG_MUL_VAL_ ranges); with several switches (extended multiplexing) only {@code SG_MUL_VAL_}
 * decides, and a {@code mN} signal without an SG_MUL_VAL_ entry is treated as unmultiplexed.
 *
 * @param name the name used for output (the {@code SystemSignalLongSymbol} attribute if present)
 * @param startBit as written: LSB for little endian, MSB (sawtooth numbering) for big endian
 * @param muxIndicator as written ({@code M}, {@code m3}, {@code m3M}) or null
 * @param multiplexer true when this signal is a multiplexer switch ({@code M} or {@code mNM})
 * @param choices value descriptions ({@code VAL_}), raw value → label, in file order
 * @param attributes {@code BA_} values (ENUM values resolved to their labels)
 * @param line 1-based line of the {@code SG_} statement
 */
public record Signal(
    String name,
    int startBit,
    int length,
    ByteOrder byteOrder,
    boolean signed,
    ValueType valueType,
    double factor,
    double offset,
    double minimum,
    double maximum,
    String unit,
    List<String> receivers,
    String muxIndicator,
    boolean multiplexer,
    String multiplexerSignal,
    List<MuxRange> multiplexerValues,
    Map<Long, String> choices,
    String comment,
    Map<String, Object> attributes,
    int line) {

  public Signal {
    receivers = List.copyOf(receivers);
    multiplexerValues = List.copyOf(multiplexerValues);
    choices = Choices.copyOf(choices);
    attributes = Map.copyOf(attributes);
  }

  /** True when the signal is only present for some values of {@link #multiplexerSignal()}. */
  public boolean isMultiplexed() {
    return multiplexerSignal != null;
  }

  /**
   * Bit position of the first bit in transmission order: the start bit for little endian; for big
   * endian the start bit translated from sawtooth to sequential numbering. cantools sorts signals
   * by this key, and so do we for output order.
   */
  public int sequentialStartBit() {
    return byteOrder == ByteOrder.LITTLE_ENDIAN ? startBit : (startBit & ~7) + (7 - (startBit & 7));
  }

  /**
   * Number of payload bytes needed to hold this signal: its highest byte index + 1 (big-endian
   * signals grow towards higher bytes from their most significant bit).
   */
  public long bytesNeeded() {
    if (byteOrder == ByteOrder.LITTLE_ENDIAN) {
      return ((long) startBit + length + 7) >> 3;
    }
    long lsbSequential = (long) sequentialStartBit() + length - 1;
    return (lsbSequential >> 3) + 1;
  }
}
