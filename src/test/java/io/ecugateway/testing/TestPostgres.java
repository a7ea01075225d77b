package io.ecugateway.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real PostgreSQL that {@code .ci/run} starts ({@code ECU_TEST_PG_URL}, a JDBC URL). Under CI
 * ({@code CI=true}) a missing URL fails the test; locally it skips with a message.
 */
public final class TestPostgres {
  private TestPostgres() {}

  public static String requireUrl() {
    String url = System.getenv("ECU_TEST_PG_URL");
    if (url == null || url.isBlank()) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("CI=true but ECU_TEST_PG_URL is not set: .ci/run must start PostgreSQL");
      }
      assumeTrue(false, "ECU_TEST_PG_URL not set: PostgreSQL tests skipped (run .ci/run)");
    }
    return url;
  }
}
