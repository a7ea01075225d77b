package io.ecugateway.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.net.SelfSignedCertificate;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Random;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code s3.tls}: the endpoint speaks HTTPS with the configured PEM pair, and a client that trusts
 * only that certificate (a private CA, as a CANedge is given) puts and gets an object, with the
 * body the SDK sends by default over HTTPS.
 */
@Timeout(120)
class S3TlsTest {
  @TempDir Path dir;

  @Test
  void aClientTrustingThePrivateCertificatePutsAndGetsOverHttps() throws Exception {
    SelfSignedCertificate cert = SelfSignedCertificate.create("localhost");
    try (S3Gateway gateway =
            S3Gateway.start(dir, new S3Config.Tls(cert.certificatePath(), cert.privateKeyPath()));
        S3Client s3 = client(gateway, Path.of(cert.certificatePath()))) {
      byte[] data = new byte[3 << 20];
      new Random(3).nextBytes(data);
      s3.putObject(
          b -> b.bucket(S3Gateway.BUCKET).key("tls/blob.bin"), RequestBody.fromBytes(data));
      assertArrayEquals(
          data,
          s3.getObjectAsBytes(b -> b.bucket(S3Gateway.BUCKET).key("tls/blob.bin")).asByteArray());
      assertEquals("https", URI.create(gateway.endpoint()).getScheme());
    }
  }

  private static S3Client client(S3Gateway gateway, Path certificate) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(certificate)) {
      trust.setCertificateEntry(
          "gateway", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    return S3Client.builder()
        .endpointOverride(URI.create(gateway.endpoint()))
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(S3Gateway.ADMIN_KEY, S3Gateway.ADMIN_SECRET)))
        .httpClientBuilder(
            UrlConnectionHttpClient.builder().tlsTrustManagersProvider(tmf::getTrustManagers))
        .build();
  }
}
