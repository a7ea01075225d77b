package io.ecugateway.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.ecugateway.format.FormatException;
import io.ecugateway.sink.SinkException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit in the upload queue, with a store that records what each commit covered and can hold
 * its first commit: uploads decoded meanwhile share the next commit, an upload is STORED only once
 * its commit is done, and a failing upload fails alone while the rest of its batch is decoded
 * again.
 */
class UploadQueueTest {
  @TempDir Path dir;
  UploadJournal journal;
  UploadQueue queue;
  final RecordingStore store = new RecordingStore();

  /** Rows go nowhere; each commit's upload ids are recorded; files named "bad…" fail to decode. */
  static final class RecordingStore implements UploadProcessor {
    final List<List<String>> commits = Collections.synchronizedList(new ArrayList<>());
    final List<String> decoded = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch firstCommitStarted = new CountDownLatch(1);
    final CountDownLatch releaseFirstCommit = new CountDownLatch(1);
    final AtomicInteger commitCount = new AtomicInteger();

    /** Commits that fail as a full disk does, before commits succeed again. */
    final AtomicInteger failingCommits = new AtomicInteger();

    /** Batch closes that throw an Error, as a store writer broken by a full disk may. */
    final AtomicInteger failingCloses = new AtomicInteger();

    @Override
    public Batch openBatch() {
      return new Batch() {
        final List<String> pending = new ArrayList<>();

        @Override
        public DecodeSummary add(Upload upload, Path file) throws IOException {
          decoded.add(upload.split());
          if (upload.split().startsWith("bad")) {
            pending.add(upload.split()); // rows of the failed upload are in the batch
            throw new FormatException(file.getFileName().toString(), -1, "not a log file");
          }
          pending.add(upload.split());
          return new DecodeSummary("mf4", 10, 10, 0, List.of(), 0);
        }

        @Override
        public long pendingRows() {
          return 10L * pending.size();
        }

        @Override
        public void commit() throws InterruptedException, SinkException {
          if (failingCommits.getAndDecrement() > 0) {
            throw new SinkException("QuestDB commit failed: No space left", null, true);
          }
          if (commitCount.getAndIncrement() == 0) {
            firstCommitStarted.countDown();
            releaseFirstCommit.await();
          }
          commits.add(List.copyOf(pending));
          pending.clear();
        }

        @Override
        public void close() {
          pending.clear();
          if (failingCloses.getAndDecrement() > 0) {
            throw new AssertionError("writer broken");
          }
        }
      };
    }
  }

  @AfterEach
  void stop() {
    if (queue != null) {
      queue.close();
    }
  }

  final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  private void start() throws IOException {
    journal = new UploadJournal(dir.resolve("uploads"));
    queue = new UploadQueue(journal, store, dir, 1, meters);
  }

  private String submit(String split) throws IOException {
    Upload u =
        Upload.queued(
            "id-" + split,
            new LogPath("DEV1", "00000001", split),
            split,
            "archive/" + split,
            1,
            System.currentTimeMillis());
    journal.save(u);
    queue.submit(u);
    return u.id();
  }

  private Upload awaitFinal(String id) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      Upload u = journal.get(id).orElseThrow();
      if (u.state().isFinal()) {
        return u;
      }
      Thread.sleep(10);
    }
    fail(id + " did not finish: " + journal.get(id));
    return null;
  }

  private void awaitDecoded(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (store.decoded.size() < count) {
      assertTrue(System.nanoTime() < deadline, "decoded so far: " + store.decoded);
      Thread.sleep(5);
    }
  }

  @Test
  void uploadsDecodedDuringACommitShareTheNextCommit() throws Exception {
    start();
    String first = submit("00000001");
    assertTrue(store.firstCommitStarted.await(20, TimeUnit.SECONDS));
    List<String> later = List.of(submit("00000002"), submit("00000003"), submit("00000004"));
    awaitDecoded(4);
    assertEquals(UploadState.DECODING, journal.get(first).orElseThrow().state());
    for (String id : later) {
      assertEquals(UploadState.DECODING, journal.get(id).orElseThrow().state(), "not committed");
    }

    store.releaseFirstCommit.countDown();
    assertEquals(UploadState.STORED, awaitFinal(first).state());
    for (String id : later) {
      Upload u = awaitFinal(id);
      assertEquals(UploadState.STORED, u.state());
      assertEquals(10, u.frames());
    }
    assertEquals(
        List.of(List.of("00000001"), List.of("00000002", "00000003", "00000004")), store.commits);
    assertEquals(0, queue.depth());
  }

  @Test
  void aFailingUploadFailsAloneAndTheRestOfItsBatchIsDecodedAgain() throws Exception {
    start();
    String first = submit("00000001");
    assertTrue(store.firstCommitStarted.await(20, TimeUnit.SECONDS));
    String good = submit("00000002");
    String bad = submit("bad-00000003");
    String last = submit("00000004");
    awaitDecoded(5); // 1, 2, bad, then 2 again and 4

    store.releaseFirstCommit.countDown();
    Upload failed = awaitFinal(bad);
    assertEquals(UploadState.FAILED, failed.state());
    assertEquals("bad-00000003: not a log file", failed.reason());
    assertEquals(UploadState.STORED, awaitFinal(first).state());
    Upload redone = awaitFinal(good);
    assertEquals(UploadState.STORED, redone.state());
    assertEquals(2, redone.attempts(), "decoded a second time after its batch was discarded");
    assertEquals(UploadState.STORED, awaitFinal(last).state());
    assertEquals(
        List.of(List.of("00000001"), List.of("00000002", "00000004")),
        store.commits,
        "the failed upload's rows were never committed");
  }

  @Test
  void aTransientStoreFailureIsRetriedWithBackOffNotFailedAndShowsAsUnhealthy() throws Exception {
    store.releaseFirstCommit.countDown();
    store.failingCommits.set(3);
    start();
    String id = submit("00000001");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (queue.healthy()) {
      assertTrue(System.nanoTime() < deadline, "the failing store never showed");
      Thread.sleep(5);
    }
    assertTrue(queue.transientFailure().contains("No space left"), queue.transientFailure());
    assertEquals(UploadState.DECODING, journal.get(id).orElseThrow().state(), "waits, not failed");

    Upload done = awaitFinal(id);
    assertEquals(UploadState.STORED, done.state(), done.toString());
    assertEquals(4, done.attempts(), "three failed commits, then one that went through");
    assertTrue(queue.healthy(), "healthy again once a commit went through");
    assertEquals(3.0, meters.get("ecugw.upload.retries").counter().count());
    assertEquals(3.0, meters.get("ecugw.store.failures").tag("stage", "store").counter().count());
    assertEquals(0, queue.depth());
  }

  @Test
  void anErrorThrownByTheStoreDoesNotEndTheWorker() throws Exception {
    store.releaseFirstCommit.countDown();
    store.failingCloses.set(2);
    start();
    assertEquals(UploadState.STORED, awaitFinal(submit("00000001")).state());
    Thread.sleep(400); // idle: the worker closes its batch, which throws
    assertEquals(UploadState.STORED, awaitFinal(submit("00000002")).state());
    Thread.sleep(400);
    assertEquals(UploadState.STORED, awaitFinal(submit("00000003")).state());
    assertEquals(0, queue.depth());
  }

  @Test
  void environmentalFailuresAreRetriedAndContentFailuresAreFinal() {
    assertTrue(UploadQueue.isTransient(new IOException("No space left on device")));
    assertTrue(UploadQueue.isTransient(new SinkException("store down", null, true)));
    assertFalse(UploadQueue.isTransient(new SinkException("store refuses the row", null, false)));
    assertFalse(UploadQueue.isTransient(new FormatException("x.MF4", 64, "expected a block")));
    assertFalse(UploadQueue.isTransient(new java.io.EOFException("truncated")));
    assertFalse(UploadQueue.isTransient(new java.nio.file.NoSuchFileException("archive/x")));
    assertFalse(UploadQueue.isTransient(new java.util.zip.ZipException("bad deflate data")));
    assertFalse(UploadQueue.isTransient(new IllegalStateException("decoder bug")));
  }

  @Test
  void reasonsOfOlderRecordsNameNoServerPath() throws Exception {
    UploadJournal first = new UploadJournal(dir.resolve("uploads"));
    Upload old =
        Upload.queued(
                "id-old",
                new LogPath("DEV1", "00000001", "00000001.MF4"),
                null,
                "archive/DEV1/00000001/00000001.MF4",
                1,
                1)
            .failed(
                dir.toAbsolutePath() + "/archive/DEV1/00000001/00000001.MF4: offset 64: bad block",
                null,
                2);
    first.save(old);
    Upload read = new UploadJournal(dir.resolve("uploads")).get("id-old").orElseThrow();
    assertEquals("archive/DEV1/00000001/00000001.MF4: offset 64: bad block", read.reason());
  }
}
