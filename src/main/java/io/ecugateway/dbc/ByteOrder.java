package io.ecugateway.dbc;

/** Bit layout of a signal, as written after {@code @} in an {@code SG_} line. */
public enum ByteOrder {
  /** {@code @0}: Motorola; the start bit is the most significant bit (sawtooth numbering). */
  BIG_ENDIAN,
  /** {@code @1}: Intel; the start bit is the least significant bit. */
  LITTLE_ENDIAN
}
