package io.ecugateway.dbc;

/**
 * {@code BO_ <id> <name> : <length> <sender>} followed by its {@code SG_} lines:
 *
 * <pre>SG_ name [M|mN|mNM] : start|length@order sign (factor,offset) [min|max] "unit" receivers
 * </pre>
 */
final class MessageStatement implements Statement {
  @Override
  public void parse(DbcTokens t, DbcBuilder b, int line) throws DbcSyntaxException {
    DbcBuilder.RawMessage m = new DbcBuilder.RawMessage();
    m.line = line;
    m.dbcId = t.integer("message identifier", 0, 0xFFFF_FFFFL);
    m.name = t.word("message name");
    t.punct(':');
    m.length = t.intValue("message length", 0, Integer.MAX_VALUE);
    if (!t.atLineStart() && t.isWord()) {
      m.sender = t.word("sender node");
    }
    while (t.isWord("SG_")) {
      int sgLine = t.line();
      t.advance();
      m.signals.add(signal(t, sgLine));
    }
    b.messages.add(m);
  }

  private static DbcBuilder.RawSignal signal(DbcTokens t, int line) throws DbcSyntaxException {
    DbcBuilder.RawSignal s = new DbcBuilder.RawSignal();
    s.line = line;
    s.name = t.word("signal name");
    if (!t.isPunct(':')) {
      String indicator = t.text();
      if (!t.isWord() || !isMuxIndicator(indicator)) {
        throw t.error("multiplexer indicator (M, mN or mNM) or ':'");
      }
      s.muxIndicator = indicator;
      t.advance();
    }
    t.punct(':');
    s.startBit = t.intValue("start bit", 0, Integer.MAX_VALUE);
    t.punct('|');
    s.length = t.intValue("signal length in bits", 0, Integer.MAX_VALUE);
    t.punct('@');
    layout(t, s);
    t.punct('(');
    s.factor = t.number("factor");
    t.punct(',');
    s.offset = t.number("offset");
    t.punct(')');
    t.punct('[');
    s.minimum = t.number("minimum");
    t.punct('|');
    s.maximum = t.number("maximum");
    t.punct(']');
    s.unit = t.string("unit string");
    s.receivers = t.namesToEndOfLine();
    t.optionalPunct(';');
    return s;
  }

  /** {@code 1+}, {@code 0-}; also tolerates the sign written as a separate token. */
  private static void layout(DbcTokens t, DbcBuilder.RawSignal s) throws DbcSyntaxException {
    String expected = "byte order and sign (0+, 0-, 1+ or 1-)";
    if (!t.isWord()) {
      throw t.error(expected);
    }
    String w = t.text();
    if (w.length() == 1 && (w.equals("0") || w.equals("1"))) {
      t.advance();
      if (!t.isWord() || !(t.text().equals("+") || t.text().equals("-"))) {
        throw t.error("sign '+' or '-'");
      }
      w = w + t.text();
    } else if (w.length() != 2
        || (w.charAt(0) != '0' && w.charAt(0) != '1')
        || (w.charAt(1) != '+' && w.charAt(1) != '-')) {
      throw t.error(expected);
    }
    t.advance();
    s.byteOrder = w.charAt(0) == '0' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    s.signed = w.charAt(1) == '-';
  }

  static boolean isMuxIndicator(String w) {
    if (w.equals("M")) {
      return true;
    }
    if (w.equals("m")) {
      return true; // seen in opendbc (vw_pq.dbc); carries no multiplexer value
    }
    if (w.length() < 2 || w.charAt(0) != 'm') {
      return false;
    }
    int end = w.endsWith("M") ? w.length() - 1 : w.length();
    return end - 1 <= 18 && DbcTokens.allDigits(w.substring(1, end), 0);
  }
}
