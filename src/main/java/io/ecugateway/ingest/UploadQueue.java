package io.ecugateway.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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

  private final Counter stored;
  private final Counter failed;
  private final Timer decodeTime;
  private volatile boolean stopping;

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

  private void work() {
    Worker w = new Worker();
    try {
      w.run();
    } finally {
      w.abandon();
    }
  }

  /**
   * One decode worker. Uploads decoded while the previous batch commits accumulate in the next
   * batch (group commit): with an idle queue every upload commits on its own right away, under load
   * a commit covers many uploads, bounded by {@link #BATCH_MAX_ROWS} and {@link #BATCH_MAX_NANOS}.
   * A batch commits on its own virtual thread while the worker decodes the next one; at most one
   * commit per worker is under way.
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

    private record Decoded(Upload upload, DecodeResult result) {}

    void run() {
      while (!interrupted) {
        if (!members.isEmpty() && commitDue() && !handOff()) {
          return;
        }
        if (stopping) {
          return;
        }
        Upload next = redo.poll();
        if (next == null) {
          try {
            // with decoded uploads waiting, look again soon: the previous commit may be done
            next = queue.poll(members.isEmpty() ? 200 : 5, TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            return;
          }
          if (next == null) {
            if (members.isEmpty()) {
              closeBatch(); // idle: release the store's writers
            }
            continue;
          }
          inFlight.incrementAndGet();
        }
        decode(next);
      }
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
      Upload current;
      try {
        current = upload.decoding(System.currentTimeMillis());
        journal.save(current);
      } catch (Exception e) {
        LOG.error("{}cannot journal the upload: {}", upload.logContext(), e.toString());
        inFlight.decrementAndGet();
        return; // stays QUEUED in the journal; retried at the next start
      }
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
      } catch (InterruptedException e) {
        LOG.info("{}interrupted by shutdown; resumes at the next start", current.logContext());
        inFlight.decrementAndGet();
        interrupted = true;
      } catch (Exception | StackOverflowError | OutOfMemoryError e) {
        if (stopping) {
          LOG.info(
              "{}stopped by shutdown ({}); resumes at the next start", current.logContext(), e);
          inFlight.decrementAndGet();
          interrupted = true;
          return;
        }
        // The batch holds rows of the failed upload: discard it all, decode the others again.
        closeBatch();
        for (int i = members.size() - 1; i >= 0; i--) {
          redo.addFirst(members.get(i).upload());
        }
        members.clear();
        finish(current.failed(reason(e), null, System.currentTimeMillis()));
        failed.increment();
        LOG.warn("{}failed: {}", current.logContext(), reason(e));
      } finally {
        decodeTime.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
      }
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
        committing = null;
      }
      return true;
    }

    /** Commits a batch; its uploads become STORED, or FAILED when the store refuses them. */
    private void commit(UploadProcessor.Batch full, List<Decoded> decoded) {
      try (full) {
        full.commit();
      } catch (Exception | StackOverflowError | OutOfMemoryError e) {
        if (stopping) {
          LOG.info(
              "batch commit stopped by shutdown ({}); resumes at the next start", e.toString());
          inFlight.addAndGet(-decoded.size());
          return;
        }
        String reason = "store commit failed: " + reason(e);
        for (Decoded d : decoded) {
          finish(d.upload().failed(reason, d.result(), System.currentTimeMillis()));
          failed.increment();
          LOG.warn("{}failed: {}", d.upload().logContext(), reason);
        }
        return;
      }
      long now = System.currentTimeMillis();
      for (Decoded d : decoded) {
        Upload done = d.upload().stored(d.result(), now);
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

    private void finish(Upload done) {
      try {
        journal.save(done);
      } catch (Exception e) {
        LOG.error("{}cannot journal the result: {}", done.logContext(), e.toString());
      }
      inFlight.decrementAndGet();
    }

    private void closeBatch() {
      if (batch != null) {
        batch.close();
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

  private static String reason(Throwable e) {
    String reason = e.getMessage() == null ? e.toString() : e.getMessage();
    if (e instanceof RuntimeException && !(e instanceof IllegalArgumentException)) {
      reason = e.getClass().getSimpleName() + ": " + reason;
    }
    return reason;
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
