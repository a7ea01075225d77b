package io.ecugateway.s3.sigv4;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The SigV4 canonical request of an S3 request. Path and query are first percent-decoded and then
 * encoded once the way AWS specifies (unreserved {@code A-Za-z0-9-._~} kept, everything else {@code
 * %XX} upper case), so a client that escaped more or fewer characters on the wire than AWS's rule
 * still matches. S3 does not double-encode the path and does not normalise {@code .} or {@code ..}
 * segments; a {@code %2F} on the wire stays {@code %2F}.
 */
final class CanonicalRequest {
  private static final char[] UPPER_HEX = "0123456789ABCDEF".toCharArray();

  private CanonicalRequest() {}

  /**
   * @param signedHeaders lowercase header names as the client listed them
   * @param payloadHash the value that stands for the body (a hex SHA-256 or a keyword)
   */
  static String of(
      SignedRequest request,
      boolean dropSignatureParameter,
      List<String> signedHeaders,
      String payloadHash) {
    StringBuilder out = new StringBuilder(256);
    out.append(request.method()).append('\n');
    out.append(uri(request.rawPath())).append('\n');
    out.append(query(request.rawQuery(), dropSignatureParameter)).append('\n');
    for (String name : signedHeaders) {
      out.append(name).append(':').append(headerValue(request.headerValues(name))).append('\n');
    }
    out.append('\n').append(String.join(";", signedHeaders)).append('\n');
    return out.append(payloadHash).toString();
  }

  static String uri(String rawPath) {
    if (rawPath.isEmpty()) {
      return "/";
    }
    return encode(rawPath, true);
  }

  static String query(String rawQuery, boolean dropSignatureParameter) {
    if (rawQuery.isEmpty()) {
      return "";
    }
    List<String[]> parameters = new ArrayList<>();
    for (String parameter : rawQuery.split("&")) {
      if (parameter.isEmpty()) {
        continue;
      }
      int eq = parameter.indexOf('=');
      String name = encode(eq < 0 ? parameter : parameter.substring(0, eq), false);
      String value = eq < 0 ? "" : encode(parameter.substring(eq + 1), false);
      if (dropSignatureParameter && name.equals("X-Amz-Signature")) {
        continue;
      }
      parameters.add(new String[] {name, value});
    }
    parameters.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
    StringBuilder out = new StringBuilder(rawQuery.length() + 16);
    for (String[] parameter : parameters) {
      if (!out.isEmpty()) {
        out.append('&');
      }
      out.append(parameter[0]).append('=').append(parameter[1]);
    }
    return out.toString();
  }

  /**
   * Values of one header joined with commas, each trimmed, runs of whitespace folded to one space.
   */
  static String headerValue(List<String> values) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      appendFolded(values.get(i), out);
    }
    return out.toString();
  }

  private static void appendFolded(String value, StringBuilder out) {
    boolean pendingSpace = false;
    boolean any = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B) {
        pendingSpace = any;
      } else {
        if (pendingSpace) {
          out.append(' ');
          pendingSpace = false;
        }
        out.append(c);
        any = true;
      }
    }
  }

  /**
   * Decodes {@code %XX} escapes of {@code raw} and encodes the bytes again per SigV4. A literal
   * {@code /} in a path stays literal; a malformed escape is taken as a literal {@code %}.
   */
  static String encode(String raw, boolean path) {
    byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length + 8);
    for (int i = 0; i < bytes.length; i++) {
      int b = bytes[i] & 0xFF;
      boolean literal = true;
      if (b == '%'
          && i + 2 < bytes.length
          && hexValue(bytes[i + 1]) >= 0
          && hexValue(bytes[i + 2]) >= 0) {
        b = hexValue(bytes[i + 1]) << 4 | hexValue(bytes[i + 2]);
        i += 2;
        literal = false;
      }
      if (isUnreserved(b) || (path && literal && b == '/')) {
        out.append((char) b);
      } else {
        out.append('%').append(UPPER_HEX[b >> 4]).append(UPPER_HEX[b & 0xF]);
      }
    }
    return out.toString();
  }

  /** Percent-decodes {@code raw} (query parameter values such as {@code X-Amz-Credential}). */
  static String decode(String raw) {
    byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '%'
          && i + 2 < bytes.length
          && hexValue(bytes[i + 1]) >= 0
          && hexValue(bytes[i + 2]) >= 0) {
        out.write(hexValue(bytes[i + 1]) << 4 | hexValue(bytes[i + 2]));
        i += 2;
      } else {
        out.write(bytes[i]);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static boolean isUnreserved(int b) {
    return (b >= 'A' && b <= 'Z')
        || (b >= 'a' && b <= 'z')
        || (b >= '0' && b <= '9')
        || b == '-'
        || b == '.'
        || b == '_'
        || b == '~';
  }

  private static int hexValue(byte b) {
    if (b >= '0' && b <= '9') {
      return b - '0';
    }
    if (b >= 'A' && b <= 'F') {
      return b - 'A' + 10;
    }
    if (b >= 'a' && b <= 'f') {
      return b - 'a' + 10;
    }
    return -1;
  }
}
