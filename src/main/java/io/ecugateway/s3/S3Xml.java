package io.ecugateway.s3;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The XML documents S3 answers with (namespace {@code http://s3.amazonaws.com/doc/2006-03-01/}).
 */
final class S3Xml {
  static final String NS = "http://s3.amazonaws.com/doc/2006-03-01/";
  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final StringBuilder out = new StringBuilder(256);

  private S3Xml() {}

  /** A document whose root element is {@code root} (in the S3 namespace). */
  static S3Xml document(String root) {
    S3Xml x = new S3Xml();
    x.out
        .append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<")
        .append(root)
        .append(" xmlns=\"")
        .append(NS)
        .append("\">");
    return x;
  }

  /** The error document: code, message, resource and request id. */
  static String error(String code, String message, String resource, String requestId) {
    S3Xml x = new S3Xml();
    x.out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>");
    x.element("Code", code).element("Message", message);
    if (resource != null) {
      x.element("Resource", resource);
    }
    return x.element("RequestId", requestId).out.append("</Error>").toString();
  }

  S3Xml open(String name) {
    out.append('<').append(name).append('>');
    return this;
  }

  S3Xml close(String name) {
    out.append("</").append(name).append('>');
    return this;
  }

  S3Xml element(String name, Object value) {
    open(name);
    escape(String.valueOf(value));
    return close(name);
  }

  S3Xml time(String name, long millis) {
    return element(name, ISO.format(Instant.ofEpochMilli(millis)));
  }

  String end(String root) {
    return close(root).toString();
  }

  @Override
  public String toString() {
    return out.toString();
  }

  private void escape(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        default -> {
          if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            out.append("&#").append((int) c).append(';');
          } else {
            out.append(c);
          }
        }
      }
    }
  }
}
