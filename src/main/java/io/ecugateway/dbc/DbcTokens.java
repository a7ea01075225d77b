package io.ecugateway.dbc;

import java.util.ArrayList;
import java.util.List;

/**
 * The parser's view of the token stream: "expect X" helpers that throw {@link DbcSyntaxException}
 * naming what was expected and what was found, and number parsing that accepts what real files
 * contain ({@code .25}, {@code 1e-05}, {@code +3}) and nothing else.
 */
final class DbcTokens {
  private final DbcLexer lx;

  DbcTokens(DbcLexer lexer) {
    this.lx = lexer;
  }

  DbcLexer lexer() {
    return lx;
  }

  int line() {
    return lx.tokenLine;
  }

  boolean atEof() {
    return lx.kind == DbcLexer.Kind.EOF;
  }

  boolean isWord() {
    return lx.kind == DbcLexer.Kind.WORD;
  }

  boolean isWord(String w) {
    return lx.isWord(w);
  }

  boolean isString() {
    return lx.kind == DbcLexer.Kind.STRING;
  }

  boolean isPunct(char c) {
    return lx.isPunct(c);
  }

  /** The current token starts a new line (or the file ended): statements without ';' end here. */
  boolean atLineStart() {
    return lx.firstOnLine || atEof();
  }

  /** A keyword at the start of a line: the previous statement ended without ';'. */
  boolean atStatementStart() {
    return lx.firstOnLine && isWord() && DbcParser.isKeyword(lx.text);
  }

  String text() {
    return lx.text;
  }

  void advance() throws DbcSyntaxException {
    lx.advance();
  }

  DbcSyntaxException error(String expected) {
    return lx.error(expected);
  }

  String word(String what) throws DbcSyntaxException {
    if (lx.kind != DbcLexer.Kind.WORD) {
      throw error(what);
    }
    String w = lx.text;
    lx.advance();
    return w;
  }

  String string(String what) throws DbcSyntaxException {
    if (lx.kind != DbcLexer.Kind.STRING) {
      throw error(what);
    }
    String s = lx.text;
    lx.advance();
    return s;
  }

  void punct(char c) throws DbcSyntaxException {
    if (!lx.isPunct(c)) {
      throw error("'" + c + "'");
    }
    lx.advance();
  }

  boolean optionalPunct(char c) throws DbcSyntaxException {
    if (lx.isPunct(c)) {
      lx.advance();
      return true;
    }
    return false;
  }

  /** A non-negative integer in [min, max]. */
  long integer(String what, long min, long max) throws DbcSyntaxException {
    String expected = what + " (integer " + min + ".." + max + ")";
    if (lx.kind != DbcLexer.Kind.WORD) {
      throw error(expected);
    }
    long v = parseInteger(lx.text, expected);
    if (v < min || v > max) {
      throw error(expected);
    }
    lx.advance();
    return v;
  }

  int intValue(String what, int min, int max) throws DbcSyntaxException {
    return (int) integer(what, min, max);
  }

  /** An integer written with optional sign; values like {@code 3.0} are accepted as 3. */
  private long parseInteger(String t, String expected) throws DbcSyntaxException {
    int i = (t.startsWith("-") || t.startsWith("+")) ? 1 : 0;
    if (i < t.length() && allDigits(t, i)) {
      if (t.length() - i > 18) {
        throw error(expected);
      }
      return Long.parseLong(t.startsWith("+") ? t.substring(1) : t);
    }
    if (isDecimal(t)) {
      double d = Double.parseDouble(t);
      if (d == Math.rint(d) && Math.abs(d) < 1e18) {
        return (long) d;
      }
    }
    throw error(expected);
  }

  /** A signed integer value (value descriptions, multiplexer ranges). */
  long signedInteger(String what) throws DbcSyntaxException {
    String expected = what + " (integer)";
    if (lx.kind != DbcLexer.Kind.WORD) {
      throw error(expected);
    }
    long v = parseInteger(lx.text, expected);
    lx.advance();
    return v;
  }

  double number(String what) throws DbcSyntaxException {
    if (lx.kind != DbcLexer.Kind.WORD || !isDecimal(lx.text)) {
      throw error(what + " (number)");
    }
    double d = Double.parseDouble(lx.text);
    lx.advance();
    return d;
  }

  /** Is the current token a number? */
  boolean isNumber() {
    return lx.kind == DbcLexer.Kind.WORD && isDecimal(lx.text);
  }

  static boolean allDigits(String t, int from) {
    for (int i = from; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return from < t.length();
  }

  /** {@code [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?} */
  static boolean isDecimal(String t) {
    int i = 0;
    int n = t.length();
    if (i < n && (t.charAt(i) == '+' || t.charAt(i) == '-')) {
      i++;
    }
    int digits = 0;
    while (i < n && Character.isDigit(t.charAt(i)) && t.charAt(i) < 128) {
      i++;
      digits++;
    }
    if (i < n && t.charAt(i) == '.') {
      i++;
      while (i < n && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      return false;
    }
    if (i < n && (t.charAt(i) == 'e' || t.charAt(i) == 'E')) {
      i++;
      if (i < n && (t.charAt(i) == '+' || t.charAt(i) == '-')) {
        i++;
      }
      int exp = 0;
      while (i < n && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
        i++;
        exp++;
      }
      if (exp == 0) {
        return false;
      }
    }
    return i == n;
  }

  /**
   * Names separated by commas (or blanks) up to the end of the line, a ';' or the end of file. Used
   * for BU_ nodes and signal receivers.
   */
  List<String> namesToEndOfLine() throws DbcSyntaxException {
    List<String> names = new ArrayList<>();
    while (!atLineStart() && !isPunct(';')) {
      if (optionalPunct(',')) {
        continue;
      }
      names.add(word("a node name"));
    }
    return names;
  }

  /**
   * Ends a statement: consumes ';'. A missing ';' is tolerated when the next token starts a new
   * line (seen in real files after CM_), reported through {@code onMissing}.
   */
  void endStatement(String statement, DbcBuilder b) throws DbcSyntaxException {
    if (optionalPunct(';')) {
      return;
    }
    if (atLineStart()) {
      b.warn(line(), statement + " statement is missing its terminating ';'");
      return;
    }
    throw error("';' to end the " + statement + " statement");
  }

  /** Skips tokens up to and including the next ';' (or to the next statement keyword). */
  void skipStatement() throws DbcSyntaxException {
    while (!atEof()) {
      if (optionalPunct(';')) {
        return;
      }
      advance();
      if (atLineStart() && isWord() && DbcParser.isKeyword(text())) {
        return;
      }
    }
  }
}
