package io.ecugateway.dbc;

/** How a signal's raw bits are interpreted ({@code SIG_VALTYPE_}). */
public enum ValueType {
  /** Two's complement or unsigned integer, per the signal's sign flag. */
  INTEGER,
  /** {@code SIG_VALTYPE_ ... : 1}: IEEE 754 single precision (32 bits). */
  FLOAT32,
  /** {@code SIG_VALTYPE_ ... : 2}: IEEE 754 double precision (64 bits). */
  FLOAT64
}
