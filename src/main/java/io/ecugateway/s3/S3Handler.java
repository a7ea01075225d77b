package io.ecugateway.s3;

import io.ecugateway.s3.sigv4.SigV4Verifier;
import io.ecugateway.s3.sigv4.SignedRequest;
import io.ecugateway.server.VirtualWorkers;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The S3 endpoint's entry: addresses the request, checks its signature ({@link SigV4Verifier}) and
 * what the access key may touch, then hands it to the operation. Runs on the event loop; every file
 * operation runs on the server's virtual threads.
 */
final class S3Handler implements Handler<HttpServerRequest> {
  private final S3Config config;
  private final Map<String, S3Config.Credential> credentials = new LinkedHashMap<>();
  private final SigV4Verifier verifier;
  private final S3Metrics metrics;
  private final ObjectRequests objects;
  private final ListRequests lists;
  private final MultipartRequests multipart;
  private final Vertx vertx;

  S3Handler(
      S3Config config, Vertx vertx, VirtualWorkers blocking, S3Objects store, S3Metrics metrics) {
    this.config = config;
    this.vertx = vertx;
    for (S3Config.Credential c : config.credentials()) {
      credentials.put(c.accessKey(), c);
    }
    this.verifier =
        new SigV4Verifier(
            ak -> {
              S3Config.Credential c = credentials.get(ak);
              return c == null ? null : c.secret();
            });
    this.metrics = metrics;
    this.objects = new ObjectRequests(config, blocking, store, metrics);
    this.lists = new ListRequests(config, blocking, store.store());
    this.multipart = new MultipartRequests(config, blocking, store, objects);
  }

  @Override
  public void handle(HttpServerRequest req) {
    S3Exchange x = new S3Exchange(req, metrics, vertx);
    try {
      x.address = S3Address.of(req.path(), req.getHeader("Host"), config.buckets());
      x.operation = operation(x);
      x.signed = signedRequest(req);
      x.auth = verifier.verify(x.signed);
      x.credential = credentials.get(x.auth.accessKey());
      authorize(x);
      dispatch(x);
    } catch (RuntimeException e) {
      x.fail(e);
    }
  }

  private static SignedRequest signedRequest(HttpServerRequest req) {
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    for (Map.Entry<String, String> h : req.headers()) {
      headers.add(Map.entry(h.getKey(), h.getValue()));
    }
    return new SignedRequest(req.method().name(), req.path(), req.query(), headers, Instant.now());
  }

  /** The S3 operation, from the method, what the path names and the sub-resource parameters. */
  private static String operation(S3Exchange x) {
    HttpMethod m = x.req.method();
    S3Address a = x.address;
    if (a.bucket() == null) {
      return m == HttpMethod.GET ? "ListBuckets" : "Unsupported";
    }
    if (a.key() == null) {
      if (m == HttpMethod.HEAD) {
        return "HeadBucket";
      }
      if (m == HttpMethod.PUT) {
        return "CreateBucket";
      }
      if (m == HttpMethod.GET) {
        if (x.hasParam("location")) {
          return "GetBucketLocation";
        }
        if (x.hasParam("uploads")) {
          return "ListMultipartUploads";
        }
        return "2".equals(x.param("list-type")) ? "ListObjectsV2" : "ListObjects";
      }
      return "Unsupported";
    }
    boolean upload = x.hasParam("uploadId");
    if (m == HttpMethod.PUT) {
      if (x.req.getHeader("x-amz-copy-source") != null) {
        return x.hasParam("partNumber") ? "UploadPartCopy" : "CopyObject";
      }
      return upload ? "UploadPart" : "PutObject";
    }
    if (m == HttpMethod.GET) {
      return upload ? "ListParts" : "GetObject";
    }
    if (m == HttpMethod.HEAD) {
      return "HeadObject";
    }
    if (m == HttpMethod.DELETE) {
      return upload ? "AbortMultipartUpload" : "DeleteObject";
    }
    if (m == HttpMethod.POST) {
      return x.hasParam("uploads")
          ? "CreateMultipartUpload"
          : upload ? "CompleteMultipartUpload" : "Unsupported";
    }
    return "Unsupported";
  }

  /**
   * Configured buckets only; a key limited to devices reaches only keys under {@code <device>/} of
   * its devices (and lists only such prefixes).
   */
  private void authorize(S3Exchange x) {
    String bucket = x.address.bucket();
    if (bucket != null && !config.buckets().contains(bucket)) {
      throw S3Exception.noSuchBucket(bucket);
    }
    S3Config.Credential c = x.credential;
    if (c.allDevices()
        || bucket == null
        || x.operation.equals("HeadBucket")
        || x.operation.equals("GetBucketLocation")) {
      return;
    }
    String scoped =
        x.address.key() != null
            ? x.address.key()
            : x.operation.startsWith("ListObjects") ? nullToEmpty(x.param("prefix")) : "";
    int slash = scoped.indexOf('/');
    String device = slash < 0 ? null : scoped.substring(0, slash);
    if (device == null || !c.devices().contains(device)) {
      throw S3Exception.accessDenied(
          "access key "
              + c.accessKey()
              + " may only reach keys under "
              + String.join("/, ", c.devices())
              + "/");
    }
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  private void dispatch(S3Exchange x) {
    switch (x.operation) {
      case "ListBuckets" -> lists.listBuckets(x);
      case "HeadBucket" -> x.empty(200);
      case "CreateBucket" -> x.empty(200); // configured buckets exist: S3's answer to their owner
      case "GetBucketLocation" -> lists.location(x);
      case "ListObjectsV2", "ListObjects" -> lists.listObjects(x);
      case "PutObject" -> objects.put(x);
      case "GetObject", "HeadObject" -> objects.get(x);
      case "DeleteObject" -> objects.delete(x);
      case "CreateMultipartUpload" -> multipart.create(x);
      case "UploadPart" -> multipart.uploadPart(x);
      case "CompleteMultipartUpload" -> multipart.complete(x);
      case "AbortMultipartUpload" -> multipart.abort(x);
      case "ListParts" -> multipart.listParts(x);
      default ->
          throw new S3Exception(
              501, "NotImplemented", x.operation + " is not implemented by this endpoint");
    }
  }
}
