package io.ecugateway.s3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Requests written byte by byte on a socket, as a logger's firmware sends them, signed by the AWS
 * SDK's own SigV4 signer (not ours): header order, path-style URL, exact bodies, and bodies that
 * are cut short on purpose.
 */
final class RawS3 {
  /** How a request is signed. */
  record Signing(
      String accessKey, String secret, Clock clock, boolean unsignedPayload, boolean chunked) {
    static Signing unsigned(String accessKey, String secret) {
      return new Signing(accessKey, secret, Clock.systemUTC(), true, false);
    }
  }

  /** A request ready to write: its head and its body (aws-chunked when signed so). */
  record Prepared(String method, String path, Map<String, String> headers, byte[] body) {}

  record Response(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private final int port;

  RawS3(int port) {
    this.port = port;
  }

  /** Signs {@code method path} with the given headers (Host and Content-Length added) and body. */
  Prepared sign(
      String method, String path, Map<String, String> headers, byte[] body, Signing signing)
      throws IOException {
    SdkHttpRequest.Builder b =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.fromValue(method))
            .uri(URI.create("http://127.0.0.1:" + port + path))
            .putHeader("Host", "127.0.0.1:" + port);
    if (!method.equals("GET") && !method.equals("HEAD") && !signing.chunked()) {
      b.putHeader("Content-Length", Integer.toString(body.length));
    }
    headers.forEach(b::putHeader);
    SignedRequest signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(AwsCredentialsIdentity.create(signing.accessKey(), signing.secret()))
                        .request(b.build())
                        .payload(ContentStreamProvider.fromByteArray(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                        .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                        .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                        .putProperty(
                            AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, !signing.unsignedPayload())
                        .putProperty(AwsV4HttpSigner.CHUNK_ENCODING_ENABLED, signing.chunked())
                        .putProperty(HttpSigner.SIGNING_CLOCK, signing.clock()));
    Map<String, String> out = new LinkedHashMap<>();
    signed.request().forEachHeader((name, values) -> out.put(name, String.join(",", values)));
    byte[] payload = body;
    if (signed.payload().isPresent()) {
      try (InputStream in = signed.payload().get().newStream()) {
        payload = in.readAllBytes();
      }
    }
    // an aws-chunked body is signed without its framed length; the socket needs one
    out.putIfAbsent("Content-Length", Integer.toString(payload.length));
    return new Prepared(method, path, out, payload);
  }

  /**
   * Writes the head and {@code bodyBytes} of the body (the rest is never sent), reads the answer.
   */
  Response send(Prepared p, int bodyBytes) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      out.write(head(p).getBytes(StandardCharsets.UTF_8));
      out.write(p.body(), 0, bodyBytes);
      out.flush();
      return read(s.getInputStream());
    }
  }

  /** Writes the head and {@code bodyBytes} of the body, then drops the connection. */
  void sendAndClose(Prepared p, int bodyBytes) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoLinger(true, 0);
      OutputStream out = s.getOutputStream();
      out.write(head(p).getBytes(StandardCharsets.UTF_8));
      out.write(p.body(), 0, bodyBytes);
      out.flush();
    }
  }

  private static String head(Prepared p) {
    StringBuilder head = new StringBuilder(p.method() + " " + p.path() + " HTTP/1.1\r\n");
    p.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
    return head.append("Connection: close\r\n\r\n").toString();
  }

  Response send(Prepared p) throws IOException {
    return send(p, p.body().length);
  }

  private static Response read(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    try {
      in.transferTo(all);
    } catch (java.net.SocketException e) {
      // a reset after the answer (the server closes a connection whose body it did not read)
    }
    String text = all.toString(StandardCharsets.UTF_8);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new IOException("no HTTP response: '" + text + "'");
    }
    List<String> lines = List.of(text.substring(0, end).split("\r\n"));
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      int colon = line.indexOf(':');
      headers.put(
          line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          line.substring(colon + 1).trim());
    }
    return new Response(
        Integer.parseInt(lines.getFirst().split(" ")[1]), headers, text.substring(end + 4));
  }
}
