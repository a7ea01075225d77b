package io.ecugateway.dbc;

import java.util.ArrayList;
import java.util.List;

/**
 * Statements that extend signals defined in {@code BO_}: {@code SIG_VALTYPE_} (IEEE floats), {@code
 * SG_MUL_VAL_} (extended multiplexing) and {@code SIG_GROUP_}.
 */
final class SignalExtensionStatements {
  private SignalExtensionStatements() {}

  /** {@code SIG_VALTYPE_ <id> <signal> : 0|1|2|3 ;} (1 = float32, 2 = float64). */
  static final Statement VALUE_TYPE =
      (t, b, line) -> {
        long id = t.integer("message identifier", 0, 0xFFFF_FFFFL);
        String signal = t.word("signal name");
        t.optionalPunct(':');
        int type = t.intValue("signal value type (0, 1, 2 or 3)", 0, 3);
        ValueType vt =
            switch (type) {
              case 1 -> ValueType.FLOAT32;
              case 2 -> ValueType.FLOAT64;
              default -> ValueType.INTEGER;
            };
        b.valueTypes.put(new DbcBuilder.SigKey(id, signal), vt);
        b.reference("SIG_VALTYPE_", id, signal, line);
        t.endStatement("SIG_VALTYPE_", b);
      };

  /** {@code SG_MUL_VAL_ <id> <signal> <multiplexer> lo-hi, lo-hi ;} */
  static final Statement MUX_VALUES =
      (t, b, line) -> {
        long id = t.integer("message identifier", 0, 0xFFFF_FFFFL);
        String signal = t.word("signal name");
        String mux = t.word("multiplexer signal name");
        List<MuxRange> ranges = new ArrayList<>();
        while ((t.isWord() && !t.atStatementStart()) || t.isPunct(',')) {
          if (t.optionalPunct(',')) {
            continue;
          }
          ranges.add(range(t));
        }
        b.muxValues.put(new DbcBuilder.SigKey(id, signal), new DbcBuilder.MuxValues(mux, ranges));
        b.reference("SG_MUL_VAL_", id, signal, line);
        b.reference("SG_MUL_VAL_", id, mux, line);
        t.endStatement("SG_MUL_VAL_", b);
      };

  /** {@code 3-7}: one word, since '-' is not punctuation. */
  private static MuxRange range(DbcTokens t) throws DbcSyntaxException {
    String w = t.text();
    int dash = w.indexOf('-', 1);
    String expected = "multiplexer value range (low-high)";
    if (dash < 0
        || !DbcTokens.allDigits(w.substring(0, dash), 0)
        || !DbcTokens.allDigits(w.substring(dash + 1), 0)
        || dash > 18
        || w.length() - dash - 1 > 18) {
      throw t.error(expected);
    }
    long low = Long.parseLong(w.substring(0, dash));
    long high = Long.parseLong(w.substring(dash + 1));
    if (high < low) {
      throw t.error(expected + " with low <= high");
    }
    t.advance();
    return new MuxRange(low, high);
  }

  /** {@code SIG_GROUP_ <id> <name> <repetitions> : signal signal ;} */
  static final Statement GROUP =
      (t, b, line) -> {
        long id = t.integer("message identifier", 0, 0xFFFF_FFFFL);
        String name = t.word("signal group name");
        int repetitions = t.intValue("repetitions", 0, Integer.MAX_VALUE);
        t.punct(':');
        List<String> names = new ArrayList<>();
        while ((t.isWord() && !t.atStatementStart()) || t.isPunct(',')) {
          if (!t.optionalPunct(',')) {
            String s = t.word("signal name");
            names.add(s);
            b.reference("SIG_GROUP_", id, s, line);
          }
        }
        b.signalGroups
            .computeIfAbsent(id, k -> new ArrayList<>())
            .add(new SignalGroup(name, repetitions, names));
        t.endStatement("SIG_GROUP_", b);
      };
}
