package io.ecugateway.s3import;

/**
 * A bucket and key prefix as the {@code import} command takes them: {@code s3://bucket/prefix}.
 *
 * @param bucket bucket name
 * @param prefix key prefix, possibly empty
 */
public record BucketLocation(String bucket, String prefix) {

  /**
   * @throws IllegalArgumentException not of the form {@code s3://bucket[/prefix]}
   */
  public static BucketLocation parse(String url) {
    if (url == null || !url.startsWith("s3://") || url.length() == "s3://".length()) {
      throw new IllegalArgumentException(
          "expected s3://bucket or s3://bucket/prefix, found '" + url + "'");
    }
    String rest = url.substring("s3://".length());
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String prefix = slash < 0 ? "" : rest.substring(slash + 1);
    if (bucket.isEmpty()) {
      throw new IllegalArgumentException("no bucket name in '" + url + "'");
    }
    return new BucketLocation(bucket, prefix);
  }

  @Override
  public String toString() {
    return "s3://" + bucket + "/" + prefix;
  }
}
