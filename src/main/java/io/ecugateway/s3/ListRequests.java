package io.ecugateway.s3;

import io.ecugateway.server.VirtualWorkers;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** ListBuckets, GetBucketLocation and ListObjects (V1 and V2: prefix, delimiter, paging). */
final class ListRequests {
  static final int MAX_KEYS = 1000;

  private final S3Config config;
  private final VirtualWorkers blocking;
  private final ObjectStore store;
  private final long started = System.currentTimeMillis();

  ListRequests(S3Config config, VirtualWorkers blocking, ObjectStore store) {
    this.config = config;
    this.blocking = blocking;
    this.store = store;
  }

  void listBuckets(S3Exchange x) {
    S3Xml doc = S3Xml.document("ListAllMyBucketsResult");
    doc.open("Owner")
        .element("ID", x.credential.accessKey())
        .element("DisplayName", x.credential.accessKey())
        .close("Owner");
    doc.open("Buckets");
    for (String bucket : config.buckets()) {
      doc.open("Bucket").element("Name", bucket).time("CreationDate", started).close("Bucket");
    }
    doc.close("Buckets");
    x.xml(200, doc.end("ListAllMyBucketsResult"));
  }

  void location(S3Exchange x) {
    // us-east-1 is an empty LocationConstraint; clients sign for whatever region they were given
    x.xml(200, S3Xml.document("LocationConstraint").end("LocationConstraint"));
  }

  void listObjects(S3Exchange x) {
    boolean v2 = "2".equals(x.param("list-type"));
    String prefix = orEmpty(x.param("prefix"));
    String delimiter = orEmpty(x.param("delimiter"));
    boolean urlEncoded = "url".equals(x.param("encoding-type"));
    int maxKeys = maxKeys(x.param("max-keys"));
    String after =
        v2
            ? x.param("continuation-token") != null
                ? token(x.param("continuation-token"))
                : orEmpty(x.param("start-after"))
            : orEmpty(x.param("marker"));
    String bucket = x.address.bucket();
    blocking
        .submit(() -> Listing.of(store.list(bucket, prefix, ""), prefix, delimiter, after, maxKeys))
        .onSuccess(
            listing -> {
              S3Xml doc = S3Xml.document("ListBucketResult");
              doc.element("Name", bucket)
                  .element("Prefix", enc(prefix, urlEncoded))
                  .element("MaxKeys", maxKeys)
                  .element("IsTruncated", listing.truncated());
              if (!delimiter.isEmpty()) {
                doc.element("Delimiter", enc(delimiter, urlEncoded));
              }
              if (urlEncoded) {
                doc.element("EncodingType", "url");
              }
              if (v2) {
                doc.element("KeyCount", listing.objects().size() + listing.prefixes().size());
                if (x.param("continuation-token") != null) {
                  doc.element("ContinuationToken", x.param("continuation-token"));
                }
                if (x.param("start-after") != null) {
                  doc.element("StartAfter", enc(x.param("start-after"), urlEncoded));
                }
                if (listing.truncated()) {
                  doc.element("NextContinuationToken", tokenOf(listing.last()));
                }
              } else {
                doc.element("Marker", enc(after, urlEncoded));
                if (listing.truncated()) {
                  doc.element("NextMarker", enc(listing.last(), urlEncoded));
                }
              }
              for (ObjectMeta m : listing.objects()) {
                doc.open("Contents")
                    .element("Key", enc(m.key(), urlEncoded))
                    .time("LastModified", m.lastModified())
                    .element("ETag", m.quotedEtag())
                    .element("Size", m.size())
                    .element("StorageClass", "STANDARD")
                    .close("Contents");
              }
              for (String p : listing.prefixes()) {
                doc.open("CommonPrefixes")
                    .element("Prefix", enc(p, urlEncoded))
                    .close("CommonPrefixes");
              }
              x.xml(200, doc.end("ListBucketResult"));
            })
        .onFailure(x::fail);
  }

  private static int maxKeys(String value) {
    if (value == null) {
      return MAX_KEYS;
    }
    try {
      return Math.max(0, Math.min(MAX_KEYS, Integer.parseInt(value.trim())));
    } catch (NumberFormatException e) {
      throw S3Exception.invalidArgument("max-keys must be an integer");
    }
  }

  private static String token(String t) {
    try {
      return new String(Base64.getUrlDecoder().decode(t), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw S3Exception.invalidArgument("The continuation token provided is incorrect");
    }
  }

  private static String tokenOf(String key) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(key.getBytes(StandardCharsets.UTF_8));
  }

  /** With {@code encoding-type=url}: keys percent-encoded, {@code /} kept (as S3 does). */
  private static String enc(String s, boolean url) {
    return url
        ? URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/")
        : s;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  /**
   * One page of a listing.
   *
   * @param objects the keys listed
   * @param prefixes the common prefixes (keys rolled up at the delimiter)
   * @param truncated more follow
   * @param last the last key or prefix of the page (where the next page starts)
   */
  record Listing(List<ObjectMeta> objects, List<String> prefixes, boolean truncated, String last) {
    /**
     * Pages {@code all} (the keys under {@code prefix}, in order): after {@code after} (a key, or a
     * common prefix whose keys are all skipped), at most {@code maxKeys} keys and prefixes.
     */
    static Listing of(
        List<ObjectMeta> all, String prefix, String delimiter, String after, int maxKeys) {
      List<ObjectMeta> objects = new java.util.ArrayList<>();
      List<String> prefixes = new java.util.ArrayList<>();
      String last = null;
      boolean afterIsPrefix = !delimiter.isEmpty() && after.endsWith(delimiter);
      for (ObjectMeta m : all) {
        String key = m.key();
        if (ObjectStore.compare(key, after) <= 0 || (afterIsPrefix && key.startsWith(after))) {
          continue;
        }
        String common = null;
        if (!delimiter.isEmpty()) {
          int d = key.indexOf(delimiter, prefix.length());
          if (d >= 0) {
            common = key.substring(0, d + delimiter.length());
          }
        }
        if (common != null && common.equals(last)) {
          continue;
        }
        if (objects.size() + prefixes.size() == maxKeys) {
          return new Listing(objects, prefixes, last != null, last);
        }
        if (common != null) {
          prefixes.add(common);
          last = common;
        } else {
          objects.add(m);
          last = key;
        }
      }
      return new Listing(objects, prefixes, false, last);
    }
  }
}
