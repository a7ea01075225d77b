package io.ecugateway.stream.ws;

import io.ecugateway.testing.TestStore;

/** Live storage into the embedded QuestDB, read over its PG-wire port. */
class LiveStoreQuestDbTest extends LiveStoreContract {
  LiveStoreQuestDbTest() {
    super(TestStore.questDb());
  }
}
