package io.ecugateway.dbc;

/**
 * An inclusive range of multiplexer values ({@code mN} is {@code N-N}; SG_MUL_VAL_ gives ranges).
 */
public record MuxRange(long low, long high) {
  public boolean contains(long value) {
    return value >= low && value <= high;
  }

  @Override
  public String toString() {
    return low + "-" + high;
  }
}
