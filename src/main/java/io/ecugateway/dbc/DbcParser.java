package io.ecugateway.dbc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads DBC files into an immutable {@link Dbc}.
 *
 * <p>Encoding: UTF-8 when the bytes are valid UTF-8 (a BOM is skipped), otherwise windows-1252
 * (what CANdb++ writes). Syntax errors throw {@link DbcSyntaxException} ({@code file:line:col:
 * expected X, found Y}); everything the parser can make sense of loads, with the problems listed in
 * {@link Dbc#warnings()} (dangling references, duplicate names, signals that do not fit,
 * identifiers without the extended flag, unknown sections, missing {@code ;}...).
 *
 * <pre>{@code
 * Dbc dbc = DbcParser.parse(Path.of("vehicle.dbc"));
 * }</pre>
 */
public final class DbcParser {
  private static final Charset CP1252 = Charset.forName("windows-1252");

  private static final Map<String, Statement> STATEMENTS = new HashMap<>();

  /** Known sections nothing downstream needs: checked only for their extent. */
  private static final Set<String> SKIPPED =
      Set.of(
          "SGTYPE_",
          "SGTYPE_VAL_",
          "BA_DEF_SGTYPE_",
          "BA_SGTYPE_",
          "SIG_TYPE_REF_",
          "SIGTYPE_VALTYPE_",
          "CAT_DEF_",
          "CAT_",
          "FILTER",
          "EV_DATA_",
          "BU_SG_REL_",
          "BU_EV_REL_",
          "BU_BO_REL_",
          "NS_DESC_");

  static {
    STATEMENTS.put("VERSION", HeaderStatements.VERSION);
    STATEMENTS.put("NS_", HeaderStatements.NEW_SYMBOLS);
    STATEMENTS.put("BS_", HeaderStatements.BIT_TIMING);
    STATEMENTS.put("BU_", HeaderStatements.NODES);
    STATEMENTS.put("BO_", new MessageStatement());
    STATEMENTS.put("BO_TX_BU_", new TransmittersStatement());
    STATEMENTS.put("CM_", new CommentStatement());
    STATEMENTS.put("BA_DEF_", AttributeStatements.DEFINITION);
    STATEMENTS.put("BA_DEF_REL_", AttributeStatements.RELATION_DEFINITION);
    STATEMENTS.put("BA_DEF_DEF_", AttributeStatements.DEFAULT);
    STATEMENTS.put("BA_DEF_DEF_REL_", AttributeStatements.DEFAULT);
    STATEMENTS.put("BA_", AttributeStatements.VALUE);
    STATEMENTS.put("BA_REL_", AttributeStatements.RELATION_VALUE);
    STATEMENTS.put("VAL_TABLE_", ValueStatements.VALUE_TABLE);
    STATEMENTS.put("VAL_", ValueStatements.VALUE_DESCRIPTION);
    STATEMENTS.put("SIG_VALTYPE_", SignalExtensionStatements.VALUE_TYPE);
    STATEMENTS.put("SG_MUL_VAL_", SignalExtensionStatements.MUX_VALUES);
    STATEMENTS.put("SIG_GROUP_", SignalExtensionStatements.GROUP);
    STATEMENTS.put("EV_", EnvironmentStatements.VARIABLE);
    STATEMENTS.put("ENVVAR_DATA_", EnvironmentStatements.DATA);
  }

  private DbcParser() {}

  public static Dbc parse(Path file) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new DbcException(file.toString(), file + ": no such file", e);
    } catch (IOException e) {
      throw new DbcException(file.toString(), file + ": cannot read: " + e, e);
    }
    return parse(file.toString(), bytes);
  }

  /** Parses DBC bytes; {@code source} names the file in messages. */
  public static Dbc parse(String source, byte[] content) throws DbcSyntaxException {
    String encoding = "UTF-8";
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(content))
              .toString();
    } catch (CharacterCodingException e) {
      encoding = "windows-1252";
      text = new String(content, CP1252);
    }
    return parse(source, text, encoding);
  }

  /** Parses DBC text that is already decoded. */
  public static Dbc parse(String source, String text) throws DbcSyntaxException {
    return parse(source, text, "UTF-8");
  }

  private static Dbc parse(String source, String text, String encoding) throws DbcSyntaxException {
    DbcBuilder builder = new DbcBuilder(source);
    DbcTokens t = new DbcTokens(new DbcLexer(source, text));
    while (!t.atEof()) {
      int line = t.line();
      if (!t.isWord()) {
        throw t.error("a statement keyword (BO_, SG_, CM_, BA_, VAL_...)");
      }
      String keyword = t.text();
      Statement statement = STATEMENTS.get(keyword);
      if (statement != null) {
        t.advance();
        statement.parse(t, builder, line);
      } else if (keyword.equals("SG_")) {
        throw t.error("BO_ before SG_ (a signal outside a message)");
      } else if (SKIPPED.contains(keyword)) {
        t.advance();
        t.skipStatement();
      } else if (isIdentifier(keyword)) {
        builder.warn(line, "unknown section " + keyword + " skipped");
        t.advance();
        t.skipStatement();
      } else {
        throw t.error("a statement keyword (BO_, SG_, CM_, BA_, VAL_...)");
      }
    }
    return builder.build(encoding);
  }

  static boolean isKeyword(String w) {
    return STATEMENTS.containsKey(w) || SKIPPED.contains(w) || w.equals("SG_");
  }

  private static boolean isIdentifier(String w) {
    if (w.isEmpty() || w.length() > 64) {
      return false;
    }
    for (int i = 0; i < w.length(); i++) {
      char c = w.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
      if (!ok) {
        return false;
      }
    }
    return Character.isLetter(w.charAt(0));
  }
}
