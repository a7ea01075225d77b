package io.ecugateway.dbc;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Value descriptions: {@code VAL_TABLE_ name v "label"... ;} and {@code VAL_ id signal v "label"...
 * ;}.
 */
final class ValueStatements {
  private ValueStatements() {}

  static final Statement VALUE_TABLE =
      (t, b, line) -> {
        String name = t.word("value table name");
        b.valueTables.put(name, pairs(t));
        t.endStatement("VAL_TABLE_", b);
      };

  /** {@code VAL_ <message id> <signal> pairs ;} or {@code VAL_ <environment variable> pairs ;}. */
  static final Statement VALUE_DESCRIPTION =
      (t, b, line) -> {
        if (t.isWord() && DbcTokens.allDigits(t.text(), 0)) {
          long id = t.integer("message identifier", 0, 0xFFFF_FFFFL);
          String signal = t.word("signal name");
          b.signalChoices.put(new DbcBuilder.SigKey(id, signal), pairs(t));
          b.reference("VAL_", id, signal, line);
        } else {
          String env = t.word("message identifier or environment variable name");
          b.envChoices.put(env, pairs(t));
        }
        t.endStatement("VAL_", b);
      };

  private static Map<Long, String> pairs(DbcTokens t) throws DbcSyntaxException {
    Map<Long, String> m = new LinkedHashMap<>();
    while (t.isWord() && !t.atStatementStart()) {
      long v = t.signedInteger("value");
      m.put(v, t.string("value label"));
    }
    return m;
  }
}
