package io.ecugateway.dbc;

/**
 * Parses one kind of top-level DBC statement. Called with the keyword already consumed; leaves the
 * tokens positioned after the statement and records what it read in the builder.
 */
interface Statement {
  void parse(DbcTokens t, DbcBuilder b, int line) throws DbcSyntaxException;
}
