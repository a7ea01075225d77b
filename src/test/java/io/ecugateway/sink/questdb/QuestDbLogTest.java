package io.ecugateway.sink.questdb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class QuestDbLogTest {
  @Test
  void aQuestDbRecordBecomesOneLineWithoutItsOwnTimeAndLevel() {
    assertEquals(
        "server-main make sure to increase limits: https://questdb.io/docs/x",
        QuestDbLog.message(
            "2026-12-07T14:24:08.093677Z A server-main make sure to increase limits:\n"
                + "https://questdb.io/docs/x\n"));
    assertEquals("no header", QuestDbLog.message("no header\n"));
  }
}
