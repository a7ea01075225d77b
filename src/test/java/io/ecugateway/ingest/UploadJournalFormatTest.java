package io.ecugateway.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The field names of a journal record ({@code <dataDir>/uploads/<id>.json}) and of {@code GET
 * /api/v1/uploads/{id}} are contracts: journals written by older versions are read after an
 * upgrade, and clients read the status. Renaming a Java type or accessor must not change them.
 */
class UploadJournalFormatTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /** Every field set, so none is left out by {@code NON_NULL}. */
  private static Upload failedUpload() {
    Upload queued =
        Upload.queued(
            "u1",
            new LogPath("2F6913DB", "00000001", "00000002"),
            "00000002.MF4",
            "archive/2F6913DB/00000001/00000002.MF4",
            1234,
            1_700_000_000_000L);
    DecodeSummary partial = new DecodeSummary("mf4", 10, 7, 2, List.of("can1:0x123"), 1);
    return queued.decoding(1_700_000_001_000L).failed("bad block", partial, 1_700_000_002_500L);
  }

  @Test
  void journalRecordKeepsItsFieldNames() throws Exception {
    UploadJournal journal = new UploadJournal(dir);
    Upload upload = failedUpload();
    journal.save(upload);

    JsonNode record = JSON.readTree(dir.resolve("u1.json").toFile());
    assertEquals(
        List.of(
            "id",
            "device",
            "session",
            "split",
            "splitKey",
            "fileName",
            "archive",
            "bytes",
            "receivedAt",
            "state",
            "reason",
            "format",
            "frames",
            "messages",
            "unknownFrames",
            "unknownIds",
            "outOfWindowFrames",
            "attempts",
            "startedAt",
            "durationMs"),
        fieldNames(record));
    assertEquals("FAILED", record.get("state").asText());
    assertEquals("can1:0x123", record.get("unknownIds").get(0).asText());
    assertEquals(1, record.get("outOfWindowFrames").asLong());
    assertEquals(upload, new UploadJournal(dir).get("u1").orElseThrow());
  }

  @Test
  void recordOfAnOlderVersionStillReads() throws Exception {
    String older =
        """
        {"id":"u0","device":"2F6913DB","session":"00000001","split":"00000001",
         "splitKey":"00000001","archive":"archive/2F6913DB/00000001/00000001.MF4","bytes":10,
         "receivedAt":1700000000000,"state":"STORED","format":"mf4","frames":5,"messages":5,
         "unknownFrames":0,"unknownIds":[],"attempts":1,"startedAt":1700000000100,
         "durationMs":20}
        """;
    Files.writeString(dir.resolve("u0.json"), older);

    Upload read = new UploadJournal(dir).get("u0").orElseThrow();

    assertEquals(UploadState.STORED, read.state());
    assertEquals(5, read.messages());
    assertEquals(0, read.outOfWindowFrames());
  }

  @Test
  void statusViewKeepsItsFieldNames() {
    assertEquals(
        List.of(
            "id",
            "status",
            "reason",
            "device",
            "session",
            "split",
            "splitKey",
            "fileName",
            "bytes",
            "receivedAt",
            "format",
            "frames",
            "decodedMessages",
            "unknownFrames",
            "unknownIds",
            "outOfWindowFrames",
            "attempts",
            "durationMs",
            "framesPerSecond"),
        List.copyOf(UploadView.of(failedUpload()).keySet()));
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
