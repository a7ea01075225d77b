package io.ecugateway.s3.sigv4;

/**
 * Where the verifier finds the secret of an access key (the endpoint backs it with its configured
 * {@code s3.credentials}).
 */
@FunctionalInterface
public interface CredentialLookup {
  /**
   * @return the secret access key of {@code accessKey}, or {@code null} when the key is unknown
   */
  String secretFor(String accessKey);
}
