package io.ecugateway.ingest;

import io.ecugateway.testing.TestStore;

/** End to end with the PostgreSQL store ({@code ECU_TEST_PG_URL}, started by {@code .ci/run}). */
class PostgresEndToEndTest extends EndToEndContract {
  PostgresEndToEndTest() {
    super(TestStore.postgres("e2e_"));
  }
}
