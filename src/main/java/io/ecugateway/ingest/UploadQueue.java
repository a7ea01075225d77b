package io.ecugateway.ingest;

import io.ecugateway.format.FormatException;
import io.ecugateway.sink.SinkException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes accepted uploads, {@code workers} at a time, each on its own virtual thread, and commits
 * them to the store in batches (see {@link Worker}). Every state change goes to the {@link
 * UploadJournal} first; an upload is STORED only once its batch is committed and visible. On stop,
 * uploads still queued, decoding or waiting for their commit stay QUEUED/DECODING there and {@link
 * #resume()} picks them up at the next start.
 */
public final class UploadQueue implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(UploadQueue.class);

  /** A batch commits once it holds this many rows, even if more uploads are waiting. */
  static final long BATCH_MAX_ROWS = 2_000_000;

  /** ... or once its first upload was taken this long ago (bounds the time to {@code stored}). */
  static final long BATCH_MAX_NANOS = TimeUnit.SECONDS.toNanos(2);

  private final UploadJournal journal;
  private final UploadProcessor processor;
  private final Path dataDir;
  private final LinkedBlockingQueue<Upload> queue = new LinkedBlockingQueue<>();
  private final List<Thread> workers = new ArrayList<>();

  /** Uploads taken from the queue and not finished yet (decoding or waiting for their commit). */
  private final AtomicInteger inFlight = new AtomicInteger();

  /**
   * First wait after a transient failure; doubles per failure in a row up to {@link
   * #MAX_BACKOFF_MS}.
   */
  static final long FIRST_BACKOFF_MS = 500;

  static final long MAX_BACKOFF_MS = 15_000;

  private final Counter stored;
  private final Counter failed;
  private final Counter retries;
  private final MeterRegistry meters;
  private final Timer decodeTime;
  private volatile boolean stopping;

  /**
   * Why the store or journal last failed transiently, or null once work succeeds again. While set,
   * uploads wait and are retried with back-off; {@code /ready} reports the ingest check DOWN.
   */
  private volatile String transientFailure;

  /** Transient failures in a row (drives the back-off). */
  private final AtomicInteger failuresInARow = new AtomicInteger();

  public UploadQueue(
      UploadJournal journal,
      UploadProcessor processor,
      Path dataDir,
      int workerCount,
      MeterRegistry meters) {
    this.journal = journal;
    this.processor = processor;
    this.dataDir = dataDir;
    Gauge.builder("ecugw.upload.queue.depth", () -> queue.size() + inFlight.get())
        .description("Uploads waiting, decoding or waiting for their store commit")
        .register(meters);
    this.stored =
        Counter.builder("ecugw.uploads.completed").tag("result", "stored").register(meters);
    this.failed =
        Counter.builder("ecugw.uploads.completed").tag("result", "failed").register(meters);
    this.meters = meters;
    this.retries =
        Counter.builder("ecugw.upload.retries")
            .description("Uploads put back for another attempt after a transient failure")
            .register(meters);
    Gauge.builder("ecugw.store.failing", () -> transientFailure == null ? 0 : 1)
        .description("1 while store or journal writes fail and uploads wait for a retry")
        .register(meters);
    this.decodeTime =
        Timer.builder("ecugw.upload.decode.duration")
            .description(
                "Read + decode time per upload (the store commit is ecugw.store.commit.latency)")
            .register(meters);
    for (int i = 0; i < workerCount; i++) {
      workers.add(Thread.ofVirtual().name("decode-" + i).start(this::work));
    }
  }

  /** Queues an upload whose record is already durable. */
  public void submit(Upload upload) {
    queue.add(upload);
  }

  /** Queues every upload the journal holds as unfinished (after a restart). */
  public int resume() {
    List<Upload> todo = journal.unfinished();
    for (Upload u : todo) {
      LOG.info("{}resuming {} upload of {}/{}", u.logContext(), u.state(), u.session(), u.split());
      queue.add(u);
    }
    return todo.size();
  }

  /** Uploads waiting, decoding or waiting for their store commit. */
  public int depth() {
    return queue.size() + inFlight.get();
  }

  /** False while store or journal writes fail and uploads wait for a retry (readiness). */
  public boolean healthy() {
    return transientFailure == null;
  }

  /** The last transient failure, or null when healthy. */
  public String transientFailure() {
    return transientFailure;
  }

  private void work() {
    Worker w = new Worker();
    try {
      w.run();
    } finally {
      w.abandon();
    }
  }

  /** Counts a transient failure in {@code stage} and returns how long to wait before retrying. */
  private long noteTransientFailure(String stage, String why) {
    transientFailure = stage + ": " + why;
    Counter.builder("ecugw.store.failures")
        .description("Transient store and journal failures (disk full, store unavailable)")
        .tag("stage", stage)
        .register(meters)
        .increment();
    int n = failuresInARow.incrementAndGet();
    return Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(n - 1, 10));
  }

  /** Work went through: the store and the journal are writable again. */
  private void noteSuccess() {
    if (transientFailure != null) {
      LOG.info("store and journal writable again after: {}", transientFailure);
      transientFailure = null;
    }
    failuresInARow.set(0);
  }

  /**
   * Can trying again succeed? Environmental failures can (I/O, disk full, a store that is
   * unavailable or lost a table); content the readers refuse and store refusals cannot.
   */
  static boolean isTransient(Throwable e) {
    if (e instanceof SinkException s) {
      return s.transientFailure();
    }
    if (e instanceof FormatException
        || e instanceof NoSuchFileException
        || e instanceof EOFException
        || e instanceof ZipException
        || e instanceof CharacterCodingException) {
      return false; // the archived file is truncated, corrupt or gone: no retry reads it better
    }
    return e instanceof IOException || e instanceof UncheckedIOException;
  }

  /** Sleeps {@code millis}, waking early on stop; false when interrupted. */
  private boolean pause(long millis) {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    try {
      while (!stopping && System.nanoTime() < end) {
        Thread.sleep(Math.min(100, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
      }
      return true;
    } catch (InterruptedException e) {
      return false;
    }
  }

  /**
   * Saves a state change, retrying with back-off while the journal cannot be written (disk full):
   * the rows may already be committed, so the upload must not be reported lost or failed. When the
   * gateway stops first, the record keeps its previous state and the upload is decoded again at the
   * next start (replays are idempotent).
   */
  private void saveWithRetry(Upload upload) {
    boolean failedBefore = false;
    while (true) {
      try {
        journal.save(upload);
        if (failedBefore) {
          noteSuccess();
        }
        return;
      } catch (IOException | RuntimeException e) {
        failedBefore = true;
        long wait = noteTransientFailure("journal", reason(e));
        LOG.error(
            "{}cannot journal the upload as {} ({}); retrying in {} ms",
            upload.logContext(),
            upload.state(),
            reason(e),
            wait);
        if (stopping || !pause(wait) || stopping) {
          return;
        }
      }
    }
  }

  /**
   * One decode worker. Uploads decoded while the previous batch commits accumulate in the next
   * batch (group commit): with an idle queue every upload commits on its own right away, under load
   * a commit covers many uploads, bounded by {@link #BATCH_MAX_ROWS} and {@link #BATCH_MAX_NANOS}.
   * A batch commits on its own virtual thread while the worker decodes the next one; at most one
   * commit per worker is under way. Transient failures (disk full, store unavailable) put the
   * uploads back and pause with back-off; nothing thrown ends the worker.
   */
  private final class Worker {
    /** Decoded uploads whose rows wait for the batch commit. */
    private final List<Decoded> members = new ArrayList<>();

    /** Uploads to decode again because the batch that held their rows was discarded. */
    private final ArrayDeque<Upload> redo = new ArrayDeque<>();

    private UploadProcessor.Batch batch;
    private long batchStarted;
    private boolean interrupted;

    /** The previous batch's commit, or null. */
    private Thread committing;

    /** Set by a commit that failed transiently (read after its thread ended): its uploads. */
    private List<Upload> commitRetry = List.of();

    private long commitRetryPause;

    /** Milliseconds to wait before the next attempt (after a transient failure), or 0. */
    private long retryPause;

    private record Decoded(Upload upload, DecodeSummary summary) {}

    void run() {
      while (!interrupted) {
        try {
          if (!step()) {
            return;
          }
        } catch (Throwable t) { // a dead worker would freeze the queue: log, back off, go on
          if (stopping) {
            return;
          }
          LOG.error("decode worker: unexpected failure; its batch is decoded again", t);
          discardBatch(List.of(), noteTransientFailure("worker", reason(t)));
        }
      }
    }

    /** One round: pause if asked, commit what is due, decode the next upload; false to exit. */
    private boolean step() {
      if (committing != null && !committing.isAlive()) {
        afterCommit();
      }
      if (retryPause > 0) {
        long wait = retryPause;
        retryPause = 0;
        if (!pause(wait)) {
          return false;
        }
      }
      if (!members.isEmpty() && commitDue() && !handOff()) {
        return false;
      }
      if (stopping) {
        return false;
      }
      Upload next = redo.poll();
      if (next == null) {
        try {
          // with decoded uploads waiting, look again soon: the previous commit may be done
          next = queue.poll(members.isEmpty() ? 200 : 5, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          return false;
        }
        if (next == null) {
          if (members.isEmpty()) {
            closeBatch(); // idle: release the store's writers
          }
          return true;
        }
        inFlight.incrementAndGet();
      }
      decode(next);
      return !interrupted;
    }

    /** Full batches commit at once; others when nothing else waits and no commit is under way. */
    private boolean commitDue() {
      if (stopping
          || batch.pendingRows() >= BATCH_MAX_ROWS
          || System.nanoTime() - batchStarted >= BATCH_MAX_NANOS) {
        return true;
      }
      boolean idle = redo.isEmpty() && queue.isEmpty();
      return idle && (committing == null || !committing.isAlive());
    }

    private void decode(Upload upload) {
      Upload current = upload.decoding(System.currentTimeMillis());
      try {
        journal.save(current);
      } catch (IOException | RuntimeException e) {
        long wait = noteTransientFailure("journal", reason(e));
        LOG.error(
            "{}cannot journal the upload ({}); retrying in {} ms",
            upload.logContext(),
            reason(e),
            wait);
        redo.addFirst(upload);
        retries.increment();
        retryPause = wait;
        return;
      }
      CrashPoint.reached(CrashPoint.DECODING);
      LOG.info(
          "{}decoding {}/{} ({} bytes, attempt {})",
          current.logContext(),
          current.session(),
          current.split(),
          current.bytes(),
          current.attempts());
      long t0 = System.nanoTime();
      try {
        if (batch == null) {
          batch = processor.openBatch();
        }
        if (members.isEmpty()) {
          batchStarted = t0;
        }
        members.add(new Decoded(current, batch.add(current, dataDir.resolve(current.archive()))));
        CrashPoint.reached(CrashPoint.DECODED);
      } catch (InterruptedException e) {
        LOG.info("{}interrupted by shutdown; resumes at the next start", current.logContext());
        inFlight.decrementAndGet();
        interrupted = true;
      } catch (Exception | Error e) {
        if (stopping) {
          LOG.info(
              "{}stopped by shutdown ({}); resumes at the next start", current.logContext(), e);
          inFlight.decrementAndGet();
          interrupted = true;
          return;
        }
        if (isTransient(e)) {
          String stage = e instanceof SinkException ? "store" : "decode";
          long wait = noteTransientFailure(stage, reason(e));
          LOG.warn(
              "{}{} failed transiently ({}); retrying in {} ms",
              current.logContext(),
              stage,
              reason(e),
              wait);
          retries.increment();
          discardBatch(List.of(current), wait);
          return;
        }
        // The batch holds rows of the failed upload: discard it all, decode the others again.
        discardBatch(List.of(), 0);
        finish(current.failed(reason(e), null, System.currentTimeMillis()));
        failed.increment();
        LOG.warn("{}failed: {}", current.logContext(), reason(e));
      } finally {
        decodeTime.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
      }
    }

    /**
     * Drops the open batch (it may hold rows of a failed upload); its uploads, then {@code also},
     * are decoded again first, after {@code pauseMs}.
     */
    private void discardBatch(List<Upload> also, long pauseMs) {
      closeBatch();
      List<Upload> again = new ArrayList<>();
      for (Decoded d : members) {
        again.add(d.upload());
      }
      members.clear();
      again.addAll(also);
      for (int i = again.size() - 1; i >= 0; i--) {
        redo.addFirst(again.get(i));
      }
      retryPause = Math.max(retryPause, pauseMs);
    }

    /**
     * Starts committing the batch once the previous commit is done.
     *
     * @return false when interrupted while waiting (the batch stays uncommitted)
     */
    private boolean handOff() {
      if (!awaitCommit()) {
        return false;
      }
      UploadProcessor.Batch full = batch;
      List<Decoded> decoded = List.copyOf(members);
      batch = null;
      members.clear();
      committing = Thread.ofVirtual().name("commit").start(() -> commit(full, decoded));
      return true;
    }

    /** Waits for the previous commit; false when interrupted. */
    private boolean awaitCommit() {
      if (committing != null) {
        try {
          committing.join();
        } catch (InterruptedException e) {
          interrupted = true;
          return false;
        }
        afterCommit();
      }
      return true;
    }

    /** The commit thread ended: uploads of a transiently failed commit are decoded again. */
    private void afterCommit() {
      committing = null;
      if (!commitRetry.isEmpty()) {
        for (int i = commitRetry.size() - 1; i >= 0; i--) {
          redo.addFirst(commitRetry.get(i));
        }
        commitRetry = List.of();
        retryPause = Math.max(retryPause, commitRetryPause);
      }
    }

    /**
     * Commits a batch; its uploads become STORED, are retried (transient failure) or FAILED (the
     * store refuses them).
     */
    private void commit(UploadProcessor.Batch full, List<Decoded> decoded) {
      try {
        full.commit();
      } catch (Exception | Error e) {
        if (stopping) {
          LOG.info(
              "batch commit stopped by shutdown ({}); resumes at the next start", e.toString());
          inFlight.addAndGet(-decoded.size());
          return;
        }
        if (isTransient(e)) {
          commitRetryPause = noteTransientFailure("store", reason(e));
          LOG.warn(
              "batch commit of {} upload(s) failed transiently ({}); retrying in {} ms",
              decoded.size(),
              reason(e),
              commitRetryPause);
          retries.increment(decoded.size());
          commitRetry = decoded.stream().map(Decoded::upload).toList();
          return;
        }
        String reason = "store commit failed: " + reason(e);
        for (Decoded d : decoded) {
          finish(d.upload().failed(reason, d.summary(), System.currentTimeMillis()));
          failed.increment();
          LOG.warn("{}failed: {}", d.upload().logContext(), reason);
        }
        return;
      } finally {
        closeQuietly(full);
      }
      noteSuccess();
      CrashPoint.reached(CrashPoint.COMMITTED);
      long now = System.currentTimeMillis();
      for (Decoded d : decoded) {
        Upload done = d.upload().stored(d.summary(), now);
        finish(done);
        stored.increment();
        LOG.info(
            "{}stored: {} frames, {} decoded, {} unknown, {} ms (batch of {})",
            done.logContext(),
            done.frames(),
            done.messages(),
            done.unknownFrames(),
            done.durationMs(),
            decoded.size());
      }
    }

    /** Journals a final state (retrying while the journal cannot be written), then lets go. */
    private void finish(Upload done) {
      saveWithRetry(done);
      inFlight.decrementAndGet();
    }

    private void closeBatch() {
      if (batch != null) {
        closeQuietly(batch);
        batch = null;
      }
    }

    /**
     * At exit: waits for the commit under way; uncommitted uploads stay DECODING in the journal and
     * resume at the next start.
     */
    void abandon() {
      awaitCommit();
      closeBatch();
      inFlight.addAndGet(-(members.size() + redo.size()));
      members.clear();
      redo.clear();
    }
  }

  /** Closing a batch after a failure may fail too (a broken store writer): logged, not thrown. */
  private static void closeQuietly(UploadProcessor.Batch batch) {
    try {
      batch.close();
    } catch (RuntimeException | Error e) {
      LOG.warn("closing a store batch: {}", e.toString());
    }
  }

  /**
   * The failure as the upload's {@code reason} shows it: archive paths relative to the data
   * directory (never an absolute server path).
   */
  private String reason(Throwable e) {
    String reason = e.getMessage() == null ? e.toString() : e.getMessage();
    if (e instanceof RuntimeException && !(e instanceof IllegalArgumentException)) {
      reason = e.getClass().getSimpleName() + ": " + reason;
    }
    return reason.replace(dataDir.toString() + java.io.File.separator, "");
  }

  /**
   * Stops taking uploads and waits up to {@code seconds} for running ones (each worker commits what
   * it decoded); then interrupts them. Unfinished uploads stay in the journal.
   */
  public void drain(int seconds) {
    stopping = true;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    for (Thread t : workers) {
      long left = deadline - System.nanoTime();
      try {
        if (left <= 0 || !t.join(java.time.Duration.ofNanos(left))) {
          t.interrupt();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void close() {
    drain(0);
  }
}
