package io.ecugateway.dbc;

/** The file header: {@code VERSION}, {@code NS_}, {@code BS_} and {@code BU_}. */
final class HeaderStatements {
  private HeaderStatements() {}

  /** {@code VERSION "text"} */
  static final Statement VERSION = (t, b, line) -> b.version = t.string("version string");

  /**
   * {@code NS_ :} followed by indented symbol names. The list ends at the first token in column 1
   * (or a keyword followed by more tokens on its line, such as {@code BS_:}).
   */
  static final Statement NEW_SYMBOLS =
      (t, b, line) -> {
        t.optionalPunct(':');
        while (t.isWord()) {
          boolean columnOne = t.lexer().firstOnLine && t.lexer().tokenColumn == 1;
          if (columnOne) {
            return;
          }
          b.newSymbols.add(t.word("symbol name"));
        }
      };

  /** {@code BS_: [baudrate : BTR1 , BTR2]} (the optional part is obsolete but still written). */
  static final Statement BIT_TIMING =
      (t, b, line) -> {
        t.punct(':');
        if (!t.atLineStart() && t.isWord()) {
          t.integer("baud rate", 0, Long.MAX_VALUE / 2);
          t.punct(':');
          t.integer("BTR1", 0, Long.MAX_VALUE / 2);
          t.punct(',');
          t.integer("BTR2", 0, Long.MAX_VALUE / 2);
        }
        t.optionalPunct(';');
      };

  /**
   * {@code BU_: node node ...}: names on the same line and on following indented lines (as some
   * tools write them).
   */
  static final Statement NODES =
      (t, b, line) -> {
        t.punct(':');
        while ((t.isWord() || t.isPunct(','))
            && !t.atStatementStart()
            && (!t.atLineStart() || t.lexer().tokenColumn > 1)) {
          if (t.optionalPunct(',')) {
            continue;
          }
          String n = t.word("node name");
          if (b.nodes.putIfAbsent(n, t.line()) != null) {
            b.warn(line, "node " + n + " is listed twice");
          }
        }
        t.optionalPunct(';');
      };
}
