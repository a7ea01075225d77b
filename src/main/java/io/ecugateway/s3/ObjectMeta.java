package io.ecugateway.s3;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * What the store keeps beside an object's bytes (its {@code ~meta} sidecar): replaced atomically,
 * it is the object's commit record and names the data file that holds the bytes.
 *
 * @param key the object key
 * @param data name of the data file, in the same directory
 * @param size bytes
 * @param etag the ETag without quotes: the MD5 of the bytes in hex, or {@code md5-of-part-md5s-N}
 *     for a multipart upload
 * @param lastModified when it was committed, ms since the epoch
 * @param contentType as sent ({@code binary/octet-stream} when not)
 * @param metadata the {@code x-amz-meta-*} headers, names lower-case without the prefix
 * @param upload id of the ingest upload the object was handed to (CANedge logs), else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ObjectMeta(
    String key,
    String data,
    long size,
    String etag,
    long lastModified,
    String contentType,
    Map<String, String> metadata,
    String upload) {
  ObjectMeta {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  String quotedEtag() {
    return "\"" + etag + "\"";
  }
}
