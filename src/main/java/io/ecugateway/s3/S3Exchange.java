package io.ecugateway.s3;

import io.ecugateway.s3.sigv4.Authenticated;
import io.ecugateway.s3.sigv4.SigV4Exception;
import io.ecugateway.s3.sigv4.SignedRequest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One S3 request and its answer: who sent it, what it names, and the helpers that answer it (XML,
 * errors, empty) and count it in {@code ecugw.s3.requests{operation,status}}.
 */
final class S3Exchange {
  private static final Logger LOG = LoggerFactory.getLogger(S3Exchange.class);

  /**
   * How long the rest of an unwanted body is still read (and dropped) after an error, before the
   * connection is closed: closing with unread data makes the kernel send a reset, and the client
   * may lose the answer.
   */
  static final long LINGER_MS = 1000;

  final HttpServerRequest req;
  final String requestId;
  final S3Metrics metrics;
  final Vertx vertx;
  S3Address address;
  String operation = "Unknown";
  SignedRequest signed;
  Authenticated auth;
  S3Config.Credential credential;

  S3Exchange(HttpServerRequest req, S3Metrics metrics, Vertx vertx) {
    this.req = req;
    this.metrics = metrics;
    this.vertx = vertx;
    this.requestId = Long.toHexString(ThreadLocalRandom.current().nextLong()).toUpperCase();
    req.response().putHeader("x-amz-request-id", requestId).putHeader("Server", "ecu-gateway");
  }

  String param(String name) {
    return req.getParam(name);
  }

  boolean hasParam(String name) {
    return req.params().contains(name);
  }

  HttpServerResponse response() {
    return req.response();
  }

  /** The device a log line names: the key's first segment when it is a device id. */
  String device() {
    CanedgeKey k = address == null || address.key() == null ? null : CanedgeKey.of(address.key());
    return k == null || k.device() == null ? "-" : k.device();
  }

  void xml(int status, String body) {
    response().setStatusCode(status).putHeader("Content-Type", "application/xml");
    counted(status);
    response().end(body);
  }

  void empty(int status) {
    counted(status);
    response().setStatusCode(status).end();
  }

  void counted(int status) {
    metrics.request(operation, status);
  }

  /** Answers any failure: S3 and signature errors with their code, the rest as InternalError. */
  void fail(Throwable t) {
    if (response().ended()) {
      return;
    }
    if (response().closed() || t instanceof io.vertx.core.http.HttpClosedException) {
      counted(499); // nobody to answer; counted apart from the answered statuses
      LOG.info(
          "[device: {}] S3 {} ended: the client closed the connection before the answer ({})",
          device(),
          operation,
          t.getMessage());
      return;
    }
    if (t instanceof SigV4Exception s) {
      if (s.error().httpStatus() == 403) {
        metrics.authFailure(s.error().code());
        LOG.warn(
            "[device: {}, access key: {}] S3 {} refused from {}: {}: {}",
            device(),
            claimedAccessKey(),
            operation,
            req.remoteAddress(),
            s.error().code(),
            s.getMessage());
      }
      error(s.error().httpStatus(), s.error().code(), s.getMessage());
    } else if (t instanceof S3Exception s) {
      if (s.status() == 403) {
        metrics.authFailure(s.code());
        LOG.warn(
            "[device: {}, access key: {}] S3 {} refused: {}",
            device(),
            credential == null ? "-" : credential.accessKey(),
            operation,
            s.getMessage());
      }
      error(s.status(), s.code(), s.getMessage());
    } else {
      LOG.error("[device: {}] S3 {} failed (request {})", device(), operation, requestId, t);
      error(500, "InternalError", "We encountered an internal error; request " + requestId);
    }
  }

  /**
   * The access key a refused request names (header or presigned credential), for the log: which
   * logger has a wrong secret or clock. Never the secret, which requests do not carry.
   */
  private String claimedAccessKey() {
    String credential = req.getParam("X-Amz-Credential");
    String authorization = req.getHeader("Authorization");
    if (credential == null && authorization != null) {
      int at = authorization.indexOf("Credential=");
      credential = at < 0 ? null : authorization.substring(at + "Credential=".length());
    }
    if (credential == null) {
      return "-";
    }
    int slash = credential.indexOf('/');
    String key = slash < 0 ? credential : credential.substring(0, slash);
    return key.length() > 128 ? key.substring(0, 128) + "…" : key;
  }

  private void error(int status, String code, String message) {
    String resource = address == null ? req.path() : resource();
    if (!req.isEnded()) {
      // an unread body: drop the rest, then close instead of reading it all
      req.handler(buf -> {});
      req.resume();
      if (req.version() != HttpVersion.HTTP_2) {
        response().putHeader("Connection", "close");
        response().endHandler(v -> vertx.setTimer(LINGER_MS, id -> req.connection().close()));
      }
    }
    xml(status, S3Xml.error(code, message, resource, requestId));
  }

  private String resource() {
    if (address.bucket() == null) {
      return "/";
    }
    return "/" + address.bucket() + (address.key() == null ? "" : "/" + address.key());
  }
}
