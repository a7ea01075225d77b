package io.ecugateway.ingest;

import io.ecugateway.testing.TestStore;

/** End to end with the default store, embedded QuestDB, read over its PG-wire port. */
class QuestDbEndToEndTest extends EndToEndContract {
  QuestDbEndToEndTest() {
    super(TestStore.questDb());
  }
}
