package io.ecugateway.format.text;

/**
 * Iterates the lines of a probe head (the first bytes of a file) for content sniffing. A last line
 * without a line break is left out when the head may have cut it (a full probe buffer).
 */
public final class HeadLines {
  private final byte[] head;
  private final int length;
  private final boolean whole;
  private int pos;

  /**
   * @param whole true when {@code head} holds the entire input (it was shorter than the probe)
   */
  public HeadLines(byte[] head, int length, boolean whole) {
    this.head = head;
    this.length = length;
    this.whole = whole;
  }

  /** Points {@code cursor} at the next line; false when there is none. */
  public boolean next(LineCursor cursor) {
    if (pos >= length) {
      return false;
    }
    int nl = pos;
    while (nl < length && head[nl] != '\n') {
      nl++;
    }
    if (nl == length && !whole) {
      pos = length;
      return false;
    }
    int end = nl > pos && head[nl - 1] == '\r' ? nl - 1 : nl;
    cursor.reset(head, pos, end);
    pos = nl + 1;
    return true;
  }

  /** True if the file name ends with one of the extensions (case-insensitive, with the dot). */
  public static boolean hasExtension(String fileName, String... extensions) {
    if (fileName == null) {
      return false;
    }
    for (String e : extensions) {
      if (fileName.regionMatches(true, fileName.length() - e.length(), e, 0, e.length())) {
        return true;
      }
    }
    return false;
  }
}
