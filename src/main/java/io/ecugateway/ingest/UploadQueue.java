package io.ecugateway.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes accepted uploads, {@code workers} at a time, each on its own virtual thread. Every state
 * change goes to the {@link UploadJournal} first; on stop, uploads still queued or running stay
 * QUEUED/DECODING there and {@link #resume()} picks them up at the next start.
 */
public final class UploadQueue implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(UploadQueue.class);

  private final UploadJournal journal;
  private final UploadProcessor processor;
  private final Path dataDir;
  private final LinkedBlockingQueue<Upload> queue = new LinkedBlockingQueue<>();
  private final List<Thread> workers = new ArrayList<>();
  private final AtomicInteger running = new AtomicInteger();
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
    Gauge.builder("ecugw.upload.queue.depth", () -> queue.size() + running.get())
        .description("Uploads waiting for or in decoding")
        .register(meters);
    this.stored =
        Counter.builder("ecugw.uploads.completed").tag("result", "stored").register(meters);
    this.failed =
        Counter.builder("ecugw.uploads.completed").tag("result", "failed").register(meters);
    this.decodeTime =
        Timer.builder("ecugw.upload.decode.duration")
            .description("Read + decode + store time per upload")
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

  /** Waiting plus running uploads. */
  public int depth() {
    return queue.size() + running.get();
  }

  private void work() {
    while (!stopping) {
      Upload next;
      try {
        next = queue.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (next == null) {
        continue;
      }
      running.incrementAndGet();
      try {
        process(next);
      } finally {
        running.decrementAndGet();
      }
    }
  }

  private void process(Upload upload) {
    Upload current;
    try {
      current = upload.decoding(System.currentTimeMillis());
      journal.save(current);
    } catch (Exception e) {
      LOG.error("{}cannot journal the upload: {}", upload.logContext(), e.toString());
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
    Upload done;
    try {
      DecodeResult result = processor.process(current, dataDir.resolve(current.archive()));
      done = current.stored(result, System.currentTimeMillis());
      stored.increment();
      LOG.info(
          "{}stored: {} frames, {} decoded, {} unknown, {} ms",
          done.logContext(),
          done.frames(),
          done.messages(),
          done.unknownFrames(),
          done.durationMs());
    } catch (InterruptedException e) {
      LOG.info("{}interrupted by shutdown; resumes at the next start", current.logContext());
      return;
    } catch (Exception | StackOverflowError | OutOfMemoryError e) {
      if (stopping) {
        LOG.info("{}stopped by shutdown ({}); resumes at the next start", current.logContext(), e);
        return;
      }
      String reason = e.getMessage() == null ? e.toString() : e.getMessage();
      if (e instanceof RuntimeException && !(e instanceof IllegalArgumentException)) {
        reason = e.getClass().getSimpleName() + ": " + reason;
      }
      done = current.failed(reason, null, System.currentTimeMillis());
      failed.increment();
      LOG.warn("{}failed: {}", current.logContext(), reason);
    } finally {
      decodeTime.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
    }
    try {
      journal.save(done);
    } catch (Exception e) {
      LOG.error("{}cannot journal the result: {}", upload.logContext(), e.toString());
    }
  }

  /**
   * Stops taking uploads and waits up to {@code seconds} for running ones; then interrupts them.
   * Unfinished uploads stay in the journal.
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
