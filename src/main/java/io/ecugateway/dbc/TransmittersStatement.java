package io.ecugateway.dbc;

import java.util.ArrayList;

/** {@code BO_TX_BU_ <message id> : node, node ;} — additional senders of a message. */
final class TransmittersStatement implements Statement {
  @Override
  public void parse(DbcTokens t, DbcBuilder b, int line) throws DbcSyntaxException {
    long id = t.integer("message identifier", 0, 0xFFFF_FFFFL);
    t.punct(':');
    var list = b.transmitters.computeIfAbsent(id, k -> new ArrayList<>());
    while (!t.isPunct(';') && !t.atLineStart()) {
      if (!t.optionalPunct(',')) {
        list.add(t.word("node name"));
      }
    }
    b.reference("BO_TX_BU_", id, null, line);
    t.endStatement("BO_TX_BU_", b);
  }
}
