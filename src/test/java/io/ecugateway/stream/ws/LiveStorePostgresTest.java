package io.ecugateway.stream.ws;

import io.ecugateway.testing.TestStore;

/** Live storage into PostgreSQL ({@code ECU_TEST_PG_URL}; skipped without it outside CI). */
class LiveStorePostgresTest extends LiveStoreContract {
  LiveStorePostgresTest() {
    super(TestStore.postgres("live_"));
  }
}
