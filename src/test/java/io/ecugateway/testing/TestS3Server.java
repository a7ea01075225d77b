package io.ecugateway.testing;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3-compatible server no one here wrote (S3Proxy over jclouds' in-memory blob store), started
 * in-process on 127.0.0.1 with SigV4 authentication, and an AWS SDK client to fill its buckets.
 */
public final class TestS3Server implements AutoCloseable {
  public static final String ACCESS_KEY = "import-test-key";
  public static final String SECRET_KEY = "import-test-secret-0123456789";

  private final S3Proxy proxy;
  private final BlobStoreContext blobs;
  private final S3Client client;

  private TestS3Server(S3Proxy proxy, BlobStoreContext blobs) {
    this.proxy = proxy;
    this.blobs = blobs;
    this.client =
        S3Client.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .endpointOverride(URI.create(endpoint()))
            .forcePathStyle(true)
            // S3Proxy 2.6 does not read the aws-chunked trailers the SDK sends by default
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
            .build();
  }

  public static TestS3Server start() throws Exception {
    BlobStoreContext blobs =
        ContextBuilder.newBuilder("transient")
            .credentials(ACCESS_KEY, SECRET_KEY)
            .overrides(new Properties())
            .build(BlobStoreContext.class);
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(blobs.getBlobStore())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .build();
    proxy.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!"STARTED".equals(proxy.getState())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
      }
      Thread.sleep(10);
    }
    return new TestS3Server(proxy, blobs);
  }

  public String endpoint() {
    return "http://127.0.0.1:" + proxy.getPort();
  }

  public void createBucket(String bucket) {
    client.createBucket(b -> b.bucket(bucket));
  }

  /** PUTs a file; returns the object's ETag. */
  public String put(String bucket, String key, Path file) {
    return client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(file)).eTag();
  }

  public String put(String bucket, String key, byte[] bytes) {
    return client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes)).eTag();
  }

  @Override
  public void close() throws Exception {
    client.close();
    proxy.stop();
    blobs.close();
  }
}
