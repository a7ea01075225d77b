package io.ecugateway.dbc;

/**
 * {@code CM_ [BU_ node | BO_ id | SG_ id signal | EV_ name] "text" ;}. Real-world variants that are
 * accepted with a warning: a bare message id ({@code CM_ 145 "text";}), a signal comment without a
 * signal name ({@code CM_ SG_ 304 "text";}, kept as the message comment if it has none), and a
 * missing {@code ;}.
 */
final class CommentStatement implements Statement {
  @Override
  public void parse(DbcTokens t, DbcBuilder b, int line) throws DbcSyntaxException {
    if (t.isString()) {
      b.databaseComment = t.string("comment");
    } else if (t.isWord("BU_")) {
      t.advance();
      String node = t.word("node name");
      b.nodeComments.put(node, t.string("comment string"));
      if (!b.nodes.containsKey(node)) {
        b.warn(line, "CM_ BU_ refers to unknown node " + node);
      }
    } else if (t.isWord("BO_")) {
      t.advance();
      long id = t.integer("message identifier", 0, 0xFFFF_FFFFL);
      b.messageComments.put(id, t.string("comment string"));
      b.reference("CM_ BO_", id, null, line);
    } else if (t.isWord("SG_")) {
      t.advance();
      long id = t.integer("message identifier", 0, 0xFFFF_FFFFL);
      if (t.isString()) {
        b.warn(line, "CM_ SG_ " + id + " has no signal name; kept as the message comment");
        b.messageComments.putIfAbsent(id, t.string("comment string"));
        b.reference("CM_ SG_", id, null, line);
      } else {
        String signal = t.word("signal name");
        b.signalComments.put(new DbcBuilder.SigKey(id, signal), t.string("comment string"));
        b.reference("CM_ SG_", id, signal, line);
      }
    } else if (t.isWord("EV_")) {
      t.advance();
      String env = t.word("environment variable name");
      b.envComments.put(env, t.string("comment string"));
    } else if (t.isWord() && DbcTokens.allDigits(t.text(), 0)) {
      long id = t.integer("message identifier", 0, 0xFFFF_FFFFL);
      b.warn(line, "CM_ " + id + " lacks the BO_ keyword; read as a message comment");
      b.messageComments.put(id, t.string("comment string"));
      b.reference("CM_", id, null, line);
    } else {
      throw t.error("comment string or BU_, BO_, SG_, EV_");
    }
    t.endStatement("CM_", b);
  }
}
