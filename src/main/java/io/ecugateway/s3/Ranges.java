package io.ecugateway.s3;

/** The {@code Range} header of a GetObject: one byte range, as S3 supports it. */
final class Ranges {
  private Ranges() {}

  /**
   * The first and last byte (inclusive) {@code header} asks for, or null for the whole object (no
   * header, or one that is not a single byte range, which S3 ignores as well).
   *
   * @throws S3Exception InvalidRange (416) when the range starts past the end
   */
  static long[] parse(String header, long size) {
    if (header == null || !header.startsWith("bytes=") || header.indexOf(',') >= 0) {
      return null;
    }
    String spec = header.substring(6).trim();
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return null;
    }
    try {
      String first = spec.substring(0, dash).trim();
      String last = spec.substring(dash + 1).trim();
      if (first.isEmpty()) { // suffix: the last N bytes
        long n = Long.parseLong(last);
        if (n <= 0 || size == 0) {
          throw invalid(size);
        }
        return new long[] {Math.max(0, size - n), size - 1};
      }
      long from = Long.parseLong(first);
      long to = last.isEmpty() ? size - 1 : Math.min(Long.parseLong(last), size - 1);
      if (from >= size || to < from) {
        if (to < from && from < size) {
          return null; // syntactically invalid: the whole object
        }
        throw invalid(size);
      }
      return new long[] {from, to};
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static S3Exception invalid(long size) {
    return new S3Exception(
        416, "InvalidRange", "The requested range is not satisfiable (object size " + size + ")");
  }
}
