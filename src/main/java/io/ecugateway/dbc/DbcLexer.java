package io.ecugateway.dbc;

/**
 * Splits DBC text into tokens: quoted strings, single-character punctuation ({@code : ; | @ ( ) [ ]
 * , { }}) and words (every other run of non-blank characters: names, numbers, {@code 1+}, {@code
 * 0-15}). Names may start with digits, so numbers are told apart by the parser, not here. {@code
 * //} starts a comment to the end of the line. Each token knows its line, column and whether it is
 * the first on its line, which is how statements without a terminating {@code ;} end.
 */
final class DbcLexer {
  enum Kind {
    WORD,
    STRING,
    PUNCT,
    EOF
  }

  private static final String PUNCTUATION = ":;|@()[],{}";

  private final String file;
  private final String src;
  private int pos;
  private int line = 1;
  private int lineStart;

  Kind kind;
  String text;
  int tokenLine;
  int tokenColumn;
  boolean firstOnLine;
  private int lastTokenLine;

  DbcLexer(String file, String src) throws DbcSyntaxException {
    this.file = file;
    this.src = src;
    advance();
  }

  String file() {
    return file;
  }

  /** Moves to the next token. */
  void advance() throws DbcSyntaxException {
    skipBlanksAndComments();
    tokenLine = line;
    tokenColumn = pos - lineStart + 1;
    firstOnLine = tokenLine != lastTokenLine;
    lastTokenLine = line;
    if (pos >= src.length()) {
      kind = Kind.EOF;
      text = "";
      return;
    }
    char c = src.charAt(pos);
    if (c == '"') {
      kind = Kind.STRING;
      text = readString();
    } else if (PUNCTUATION.indexOf(c) >= 0) {
      kind = Kind.PUNCT;
      text = String.valueOf(c);
      pos++;
    } else {
      int start = pos;
      while (pos < src.length() && isWordChar(src.charAt(pos))) {
        pos++;
      }
      kind = Kind.WORD;
      text = src.substring(start, pos);
    }
  }

  private static boolean isWordChar(char c) {
    return c > ' ' && c != '"' && PUNCTUATION.indexOf(c) < 0;
  }

  private void skipBlanksAndComments() {
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (c == '\n') {
        pos++;
        line++;
        lineStart = pos;
      } else if (c <= ' ' || c == '\uFEFF') {
        pos++;
      } else if (c == '/' && pos + 1 < src.length() && src.charAt(pos + 1) == '/') {
        while (pos < src.length() && src.charAt(pos) != '\n') {
          pos++;
        }
      } else {
        return;
      }
    }
  }

  /** A quoted string; {@code \"} and {@code \\} are escapes; may span lines. */
  private String readString() throws DbcSyntaxException {
    int startLine = line;
    int startCol = pos - lineStart + 1;
    pos++;
    StringBuilder sb = null;
    int runStart = pos;
    while (true) {
      if (pos >= src.length()) {
        throw new DbcSyntaxException(
            file, startLine, startCol, "closing '\"' of the string", "end of file");
      }
      char c = src.charAt(pos);
      if (c == '"') {
        String s =
            sb == null ? src.substring(runStart, pos) : sb.append(src, runStart, pos).toString();
        pos++;
        return s;
      }
      if (c == '\\' && pos + 1 < src.length()) {
        char n = src.charAt(pos + 1);
        if (n == '"' || n == '\\') {
          if (sb == null) {
            sb = new StringBuilder();
          }
          sb.append(src, runStart, pos).append(n);
          pos += 2;
          runStart = pos;
          continue;
        }
      }
      if (c == '\n') {
        line++;
        lineStart = pos + 1;
      }
      pos++;
    }
  }

  boolean isPunct(char c) {
    return kind == Kind.PUNCT && text.charAt(0) == c;
  }

  boolean isWord(String w) {
    return kind == Kind.WORD && text.equals(w);
  }

  /** How the current token is shown in an error message. */
  String describe() {
    return switch (kind) {
      case EOF -> "end of file";
      case STRING -> "string \"" + abbreviate(text) + "\"";
      case PUNCT -> "'" + text + "'";
      case WORD -> "'" + abbreviate(text) + "'";
    };
  }

  private static String abbreviate(String s) {
    String oneLine = s.replace('\n', ' ').replace('\r', ' ');
    return oneLine.length() > 40 ? oneLine.substring(0, 40) + "..." : oneLine;
  }

  DbcSyntaxException error(String expected) {
    return new DbcSyntaxException(file, tokenLine, tokenColumn, expected, describe());
  }
}
