package io.ecugateway.s3import;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * The S3 client of an import: the AWS SDK for Java v2 over the JDK's HTTP connection (blocking;
 * downloads run on virtual threads, and no second Netty joins Vert.x's).
 */
final class S3Clients {
  private S3Clients() {}

  static S3Client create(S3ImportConfig settings) {
    S3ClientBuilder builder =
        S3Client.builder()
            .httpClientBuilder(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(10))
                    .socketTimeout(Duration.ofSeconds(60)))
            .forcePathStyle(settings.pathStyle())
            // Only the checksum headers S3 requires: SDK 2.30+ adds x-amz-checksum-* headers even
            // to GETs, which S3-compatible servers that do not know them refuse (S3Proxy answers
            // 501 NotImplemented). The length of each download is still checked.
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .region(region(settings))
            .credentialsProvider(credentials(settings));
    if (!settings.endpoint().isEmpty()) {
      builder.endpointOverride(URI.create(settings.endpoint()));
    }
    return builder.build();
  }

  /** The configured region, else the AWS chain's ({@code AWS_REGION}, profile), else us-east-1. */
  private static Region region(S3ImportConfig settings) {
    if (!settings.region().isEmpty()) {
      return Region.of(settings.region());
    }
    try {
      return new DefaultAwsRegionProviderChain().getRegion();
    } catch (SdkClientException e) {
      return Region.US_EAST_1; // what S3-compatible servers expect when nothing says otherwise
    }
  }

  /** The configured key pair, else the AWS standard chain (variables, profile, roles). */
  private static AwsCredentialsProvider credentials(S3ImportConfig settings) {
    if (!settings.accessKey().isEmpty()) {
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()));
    }
    return DefaultCredentialsProvider.builder().build();
  }
}
