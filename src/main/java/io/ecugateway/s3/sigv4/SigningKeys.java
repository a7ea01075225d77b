package io.ecugateway.s3.sigv4;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Derives SigV4 signing keys ({@code HMAC chain "AWS4"+secret → date → region → service →
 * aws4_request}) and caches them: a key is valid for a whole day, so four HMACs per request are
 * saved. Bounded: cleared when it holds more than {@link #MAX_ENTRIES} keys.
 */
final class SigningKeys {
  static final int MAX_ENTRIES = 4096;

  private record Scope(String secret, String date, String region, String service) {
    @Override
    public String toString() {
      return "Scope[" + date + "/" + region + "/" + service + "]"; // never print the secret
    }
  }

  private final ConcurrentHashMap<Scope, byte[]> cache = new ConcurrentHashMap<>();

  byte[] key(String secret, String date, String region, String service) {
    Scope scope = new Scope(secret, date, region, service);
    byte[] key = cache.get(scope);
    if (key == null) {
      if (cache.size() >= MAX_ENTRIES) {
        cache.clear();
      }
      key = derive(secret, date, region, service);
      cache.put(scope, key);
    }
    return key;
  }

  static byte[] derive(String secret, String date, String region, String service) {
    byte[] key = Hashing.hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
    key = Hashing.hmac(key, region);
    key = Hashing.hmac(key, service);
    return Hashing.hmac(key, "aws4_request");
  }
}
