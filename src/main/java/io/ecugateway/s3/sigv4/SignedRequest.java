package io.ecugateway.s3.sigv4;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A request as it arrived, for {@link SigV4Verifier#verify}.
 *
 * @param method the HTTP method ({@code PUT})
 * @param rawPath the path exactly as on the wire, still percent-encoded ({@code /bucket/a%20b.MF4})
 * @param rawQuery the query exactly as on the wire without {@code ?}, or empty
 * @param headers every header in arrival order, repeated names as separate entries
 * @param now the server's clock when the request arrived
 */
public record SignedRequest(
    String method,
    String rawPath,
    String rawQuery,
    List<Map.Entry<String, String>> headers,
    Instant now) {
  public SignedRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(rawPath, "rawPath");
    Objects.requireNonNull(now, "now");
    rawQuery = rawQuery == null ? "" : rawQuery;
    headers = List.copyOf(headers);
  }

  /** The first value of a header (name case-insensitive), or null. */
  public String header(String name) {
    for (Map.Entry<String, String> header : headers) {
      if (header.getKey().equalsIgnoreCase(name)) {
        return header.getValue();
      }
    }
    return null;
  }

  /** Every value of a header (name case-insensitive), in arrival order. */
  List<String> headerValues(String name) {
    List<String> values = new ArrayList<>(1);
    for (Map.Entry<String, String> header : headers) {
      if (header.getKey().equalsIgnoreCase(name)) {
        values.add(header.getValue());
      }
    }
    return values;
  }
}
