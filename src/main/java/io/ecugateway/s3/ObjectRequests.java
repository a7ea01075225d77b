package io.ecugateway.s3;

import io.ecugateway.s3.sigv4.PayloadVerifier;
import io.ecugateway.server.VirtualWorkers;
import io.vertx.core.Future;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** PutObject, GetObject, HeadObject and DeleteObject. */
final class ObjectRequests {
  private static final Logger LOG = LoggerFactory.getLogger(ObjectRequests.class);
  private static final String META_PREFIX = "x-amz-meta-";

  /** A received body: the file in the store's tmp directory and what was written. */
  record Body(Path file, VerifiedPayload.Received received) {}

  private final S3Config config;
  private final VirtualWorkers blocking;
  private final S3Objects objects;
  private final S3Metrics metrics;

  ObjectRequests(S3Config config, VirtualWorkers blocking, S3Objects objects, S3Metrics metrics) {
    this.config = config;
    this.blocking = blocking;
    this.objects = objects;
    this.metrics = metrics;
  }

  void put(S3Exchange x) {
    receive(x)
        .compose(
            body ->
                blocking.submit(
                    () -> {
                      try {
                        return objects.put(
                            x.address.bucket(),
                            x.address.key(),
                            body.file(),
                            body.received().size(),
                            body.received().md5(),
                            contentType(x),
                            metadata(x));
                      } finally {
                        Files.deleteIfExists(body.file()); // moved unless refused
                      }
                    }))
        .onSuccess(
            meta -> {
              x.response().putHeader("ETag", meta.quotedEtag());
              x.empty(200);
            })
        .onFailure(x::fail);
  }

  /**
   * Receives the request's body, verified, into a new file of the store's tmp directory: refused at
   * once ({@code EntityTooLarge}) when its declared size is over {@code s3.maxObjectBytes}. The
   * file is deleted when the future fails.
   */
  Future<Body> receive(S3Exchange x) {
    return receive(x, true);
  }

  /**
   * As {@link #receive(S3Exchange)}; {@code checksumHeadersDescribeBody} false for a
   * CompleteMultipartUpload, whose {@code x-amz-checksum-*} headers describe the whole object.
   */
  Future<Body> receive(S3Exchange x, boolean checksumHeadersDescribeBody) {
    long max = config.maxObjectBytes();
    long declared = declaredSize(x);
    if (declared > max) {
      throw S3Exception.tooLarge(max);
    }
    VerifiedPayload payload =
        new VerifiedPayload(
            sink -> PayloadVerifier.open(x.auth, x.signed, sink, checksumHeadersDescribeBody));
    Path file = objects.store().newTempFile(".body");
    if ("100-continue".equalsIgnoreCase(x.req.getHeader("Expect"))) {
      x.response().writeContinue();
    }
    x.req.pause();
    return x.vertx
        .fileSystem()
        .open(file.toString(), new OpenOptions().setWrite(true).setCreateNew(true))
        .compose(out -> payload.receive(x.req, x.vertx, out, file, max))
        .map(received -> new Body(file, received))
        .onSuccess(b -> metrics.in(b.received().wireBytes()))
        .onFailure(t -> x.vertx.fileSystem().delete(file.toString()));
  }

  /** The payload size the request announces (decoded size for aws-chunked), or -1. */
  private static long declaredSize(S3Exchange x) {
    String decoded = x.req.getHeader("x-amz-decoded-content-length");
    String length = decoded != null ? decoded : x.req.getHeader("Content-Length");
    if (length == null) {
      return -1;
    }
    try {
      return Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      throw S3Exception.invalidArgument("malformed content length: " + length);
    }
  }

  static String contentType(S3Exchange x) {
    String t = x.req.getHeader("Content-Type");
    return t == null || t.isBlank() ? "binary/octet-stream" : t;
  }

  /** The {@code x-amz-meta-*} headers, names lower-case without the prefix. */
  static Map<String, String> metadata(S3Exchange x) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> h : x.req.headers()) {
      String name = h.getKey().toLowerCase(Locale.ROOT);
      if (name.startsWith(META_PREFIX) && name.length() > META_PREFIX.length()) {
        out.put(name.substring(META_PREFIX.length()), h.getValue());
      }
    }
    return out;
  }

  void get(S3Exchange x) {
    String bucket = x.address.bucket();
    String key = x.address.key();
    blocking
        .submit(() -> objects.store().head(bucket, key))
        .onSuccess(
            meta -> {
              try {
                serve(x, meta.orElseThrow(() -> S3Exception.noSuchKey(key)));
              } catch (RuntimeException e) {
                x.fail(e);
              }
            })
        .onFailure(x::fail);
  }

  private void serve(S3Exchange x, ObjectMeta meta) {
    HttpServerResponse r = x.response();
    r.putHeader("ETag", meta.quotedEtag())
        .putHeader("Last-Modified", httpDate(meta.lastModified()))
        .putHeader("Accept-Ranges", "bytes");
    if (notModified(x, meta)) {
      x.empty(304);
      return;
    }
    r.putHeader("Content-Type", meta.contentType());
    meta.metadata().forEach((k, v) -> r.putHeader(META_PREFIX + k, v));
    long[] range = Ranges.parse(x.req.getHeader("Range"), meta.size());
    long offset = range == null ? 0 : range[0];
    long length = range == null ? meta.size() : range[1] - range[0] + 1;
    int status = range == null ? 200 : 206;
    if (range != null) {
      r.putHeader("Content-Range", "bytes " + range[0] + "-" + range[1] + "/" + meta.size());
    }
    r.putHeader("Content-Length", Long.toString(length));
    CanedgeKey kind = CanedgeKey.of(meta.key());
    if (x.req.method() == HttpMethod.HEAD) {
      x.empty(status);
      return;
    }
    recordDownload(kind, meta);
    x.counted(status);
    metrics.out(length);
    r.setStatusCode(status)
        .sendFile(objects.store().dataFile(x.address.bucket(), meta).toString(), offset, length)
        .onFailure(x::fail);
  }

  private void recordDownload(CanedgeKey kind, ObjectMeta meta) {
    switch (kind.kind()) {
      case CONFIG, SCHEMA, FIRMWARE -> {
        metrics.download(kind.kind());
        LOG.info(
            "[device: {}] downloaded {} (ETag {})", kind.device(), meta.key(), meta.quotedEtag());
      }
      default -> {}
    }
  }

  /**
   * The conditional headers: {@code If-Match} / {@code If-Unmodified-Since} that fail answer 412;
   * {@code If-None-Match} that matches, or {@code If-Modified-Since} (without If-None-Match) with
   * nothing newer, mean 304.
   */
  private static boolean notModified(S3Exchange x, ObjectMeta meta) {
    String ifMatch = x.req.getHeader("If-Match");
    if (ifMatch != null && !etagMatches(ifMatch, meta)) {
      throw new S3Exception(412, "PreconditionFailed", "At least one of the preconditions failed");
    }
    long seconds = meta.lastModified() / 1000;
    Long unmodifiedSince = parseHttpDate(x.req.getHeader("If-Unmodified-Since"));
    if (ifMatch == null && unmodifiedSince != null && seconds > unmodifiedSince) {
      throw new S3Exception(412, "PreconditionFailed", "At least one of the preconditions failed");
    }
    String ifNoneMatch = x.req.getHeader("If-None-Match");
    if (ifNoneMatch != null) {
      return etagMatches(ifNoneMatch, meta);
    }
    Long modifiedSince = parseHttpDate(x.req.getHeader("If-Modified-Since"));
    return modifiedSince != null && seconds <= modifiedSince;
  }

  private static boolean etagMatches(String header, ObjectMeta meta) {
    for (String tag : header.split(",")) {
      String t = tag.trim();
      if (t.equals("*")
          || Multipart.unquote(t.startsWith("W/") ? t.substring(2) : t).equals(meta.etag())) {
        return true;
      }
    }
    return false;
  }

  /** Seconds since the epoch of an HTTP date, or null when absent or malformed (then ignored). */
  private static Long parseHttpDate(String value) {
    if (value == null) {
      return null;
    }
    try {
      return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
          .toEpochSecond();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  static String httpDate(long millis) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(
        Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC));
  }

  void delete(S3Exchange x) {
    String bucket = x.address.bucket();
    String key = x.address.key();
    blocking
        .submit(() -> objects.store().delete(bucket, key))
        .onSuccess(
            existed -> {
              if (existed) {
                LOG.info("[device: {}, key: {}] S3 object deleted", x.device(), key);
              }
              x.empty(204);
            })
        .onFailure(x::fail);
  }
}
