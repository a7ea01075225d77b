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

  /**
   * Per ASCII character: 0 ends a word (blank, control, quote), 1 belongs to a word, 2 is a
   * punctuation token. A table rather than tests per character: the first DBC of a run is lexed by
   * the interpreter, where every call and comparison per character shows in the start-up time.
   */
  private static final byte[] CLASS = new byte[128];

  private static final String[] PUNCT_TEXT = new String[128];

  static {
    for (int c = '!'; c < 128; c++) {
      CLASS[c] = 1;
    }
    CLASS['"'] = 0;
    for (char c : PUNCTUATION.toCharArray()) {
      CLASS[c] = 2;
      PUNCT_TEXT[c] = String.valueOf(c);
    }
  }

  private final String file;
  private final char[] src;
  private final int end;
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
    this.src = src.toCharArray();
    this.end = this.src.length;
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
    if (pos >= end) {
      kind = Kind.EOF;
      text = "";
      return;
    }
    char c = src[pos];
    if (c == '"') {
      kind = Kind.STRING;
      text = readString();
    } else if (c < 128 && CLASS[c] == 2) {
      kind = Kind.PUNCT;
      text = PUNCT_TEXT[c];
      pos++;
    } else {
      char[] s = src;
      int start = pos;
      int p = pos;
      while (p < end && ((c = s[p]) >= 128 || CLASS[c] == 1)) {
        p++;
      }
      pos = p;
      kind = Kind.WORD;
      text = new String(s, start, p - start);
    }
  }

  private void skipBlanksAndComments() {
    char[] s = src;
    int p = pos;
    while (p < end) {
      char c = s[p];
      if (c == '\n') {
        p++;
        line++;
        lineStart = p;
      } else if (c <= ' ' || c == '\uFEFF') {
        p++;
      } else if (c == '/' && p + 1 < end && s[p + 1] == '/') {
        while (p < end && s[p] != '\n') {
          p++;
        }
      } else {
        break;
      }
    }
    pos = p;
  }

  /** A quoted string; {@code \"} and {@code \\} are escapes; may span lines. */
  private String readString() throws DbcSyntaxException {
    int startLine = line;
    int startCol = pos - lineStart + 1;
    pos++;
    StringBuilder sb = null;
    int runStart = pos;
    while (true) {
      if (pos >= end) {
        throw new DbcSyntaxException(
            file, startLine, startCol, "closing '\"' of the string", "end of file");
      }
      char c = src[pos];
      if (c == '"') {
        String s =
            sb == null
                ? new String(src, runStart, pos - runStart)
                : sb.append(src, runStart, pos - runStart).toString();
        pos++;
        return s;
      }
      if (c == '\\' && pos + 1 < end) {
        char n = src[pos + 1];
        if (n == '"' || n == '\\') {
          if (sb == null) {
            sb = new StringBuilder();
          }
          sb.append(src, runStart, pos - runStart).append(n);
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
