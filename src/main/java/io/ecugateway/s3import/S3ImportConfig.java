package io.ecugateway.s3import;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * The {@code s3import} section: a bucket the running gateway keeps importing CANedge logs from (see
 * {@code io.ecugateway.s3import}). It lives here, not in that package, because {@code s3import}
 * depends on {@code config}: a record there would make the two packages a cycle.
 *
 * @param enabled poll the bucket while the gateway runs
 * @param intervalSeconds pause between the end of one pass over the bucket and the next
 * @param bucket bucket name
 * @param prefix key prefix to list (e.g. {@code LOG/}); empty = the whole bucket
 * @param endpoint S3 endpoint URL (MinIO, another S3 server); empty = AWS S3 of {@code region}
 * @param region signing region; empty = the AWS standard chain ({@code AWS_REGION}, profile), else
 *     {@code us-east-1}
 * @param addressing {@code auto} (path-style for a custom endpoint, virtual-hosted for AWS), {@code
 *     path} or {@code virtual}
 * @param accessKey access key id; empty = the AWS standard chain ({@code AWS_ACCESS_KEY_ID} /
 *     {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_PROFILE} and {@code ~/.aws}, container or instance
 *     role)
 * @param secretKey its secret (set both or neither)
 * @param parallelDownloads objects downloaded at the same time at most
 * @param maxQueuedUploads downloads pause while the ingest queue holds this many uploads or more
 */
public record S3ImportConfig(
    boolean enabled,
    int intervalSeconds,
    String bucket,
    String prefix,
    String endpoint,
    String region,
    String addressing,
    String accessKey,
    String secretKey,
    int parallelDownloads,
    int maxQueuedUploads) {
  public static final S3ImportConfig DEFAULTS =
      new S3ImportConfig(false, 300, "", "", "", "", "auto", "", "", 4, 16);

  private static final List<String> ADDRESSING = List.of("auto", "path", "virtual");

  public S3ImportConfig {
    bucket = bucket == null ? "" : bucket.trim();
    prefix = prefix == null ? "" : prefix;
    endpoint = endpoint == null ? "" : endpoint.trim();
    region = region == null ? "" : region.trim();
    addressing = addressing == null ? "auto" : addressing.trim().toLowerCase(Locale.ROOT);
    accessKey = accessKey == null ? "" : accessKey.trim();
    secretKey = secretKey == null ? "" : secretKey;
  }

  /** Path-style URLs ({@code http://host/bucket/key}): what MinIO and most S3 servers need. */
  public boolean pathStyle() {
    return addressing.equals("path") || (addressing.equals("auto") && !endpoint.isEmpty());
  }

  /** The same settings for another bucket location (the {@code import} command's argument). */
  public S3ImportConfig at(String bucket, String prefix) {
    return new S3ImportConfig(
        enabled,
        intervalSeconds,
        bucket,
        prefix,
        endpoint,
        region,
        addressing,
        accessKey,
        secretKey,
        parallelDownloads,
        maxQueuedUploads);
  }

  /** Rules that hold whether or not polling is enabled (the command uses the same settings). */
  public void validate(List<String> errors) {
    if (enabled && bucket.isEmpty()) {
      errors.add("s3import.bucket must be set when s3import.enabled is true");
    }
    if (!bucket.isEmpty() && !bucket.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,254}")) {
      errors.add("s3import.bucket '" + bucket + "' is not a bucket name");
    }
    if (intervalSeconds < 1) {
      errors.add("s3import.intervalSeconds must be at least 1, found " + intervalSeconds);
    }
    if (parallelDownloads < 1 || parallelDownloads > 64) {
      errors.add("s3import.parallelDownloads must be 1..64, found " + parallelDownloads);
    }
    if (maxQueuedUploads < 1) {
      errors.add("s3import.maxQueuedUploads must be at least 1, found " + maxQueuedUploads);
    }
    if (!ADDRESSING.contains(addressing)) {
      errors.add("s3import.addressing must be one of " + ADDRESSING + ", found " + addressing);
    }
    if (accessKey.isEmpty() != secretKey.isEmpty()) {
      errors.add("s3import.accessKey and s3import.secretKey must be set together");
    }
    String problem = endpointProblem(endpoint);
    if (problem != null) {
      errors.add("s3import.endpoint " + problem);
    }
  }

  /** Why {@code url} is no S3 endpoint, or null (empty is fine: AWS). */
  public static String endpointProblem(String url) {
    if (url == null || url.isEmpty()) {
      return null;
    }
    try {
      URI uri = new URI(url);
      if (uri.getHost() == null
          || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
        return "must be an http:// or https:// URL, found '" + url + "'";
      }
      return null;
    } catch (java.net.URISyntaxException e) {
      return "is not a URL: " + e.getMessage();
    }
  }

  /** Never prints the secret (configurations end up in logs and test reports). */
  @Override
  public String toString() {
    return "S3ImportConfig[enabled=%s, bucket=%s, prefix=%s, endpoint=%s, region=%s, accessKey=%s]"
        .formatted(enabled, bucket, prefix, endpoint, region, accessKey);
  }
}
