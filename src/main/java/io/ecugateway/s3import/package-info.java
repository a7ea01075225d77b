/**
 * Bucket import: lists an S3 bucket (AWS, MinIO, any S3-compatible server) with the AWS SDK for
 * Java v2 and hands every CANedge log object to the shared {@link io.ecugateway.ingest.Ingest}
 * service, once per key and ETag. Used by the {@code import} command and, with the {@code s3import}
 * configuration section, by the running gateway ({@link io.ecugateway.s3import.S3ImportModule}).
 * See docs/s3.md, "Importing a bucket".
 */
package io.ecugateway.s3import;
