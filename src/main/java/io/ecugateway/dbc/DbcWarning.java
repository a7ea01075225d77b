package io.ecugateway.dbc;

/**
 * A semantic problem the parser tolerated (a dangling reference, a duplicate name, a signal that
 * does not fit its message...). Warnings never stop loading.
 *
 * @param line 1-based line of the statement concerned, 0 when it concerns the whole file
 */
public record DbcWarning(int line, String message) {
  @Override
  public String toString() {
    return line > 0 ? "line " + line + ": " + message : message;
  }
}
