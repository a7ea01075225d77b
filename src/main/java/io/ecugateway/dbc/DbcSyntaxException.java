package io.ecugateway.dbc;

/**
 * A syntax error: {@code file:line:col: expected <what>, found <token>}. Line and column are
 * 1-based; the column counts characters.
 */
public final class DbcSyntaxException extends DbcException {
  private final int line;
  private final int column;
  private final String expected;
  private final String found;

  public DbcSyntaxException(String file, int line, int column, String expected, String found) {
    super(file, file + ":" + line + ":" + column + ": expected " + expected + ", found " + found);
    this.line = line;
    this.column = column;
    this.expected = expected;
    this.found = found;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  public String expected() {
    return expected;
  }

  public String found() {
    return found;
  }
}
