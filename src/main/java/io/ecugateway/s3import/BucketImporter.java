package io.ecugateway.s3import;

import io.ecugateway.files.DurableFiles;
import io.ecugateway.ingest.CrashPoint;
import io.ecugateway.ingest.Ingest;
import io.ecugateway.ingest.LogPath;
import io.ecugateway.ingest.UploadRejectedException;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Imports one bucket into the shared {@link Ingest} pipeline. A pass lists the prefix page by page
 * and downloads each CANedge log not imported with its current ETag, {@code parallelDownloads} at a
 * time, pausing while the ingest queue holds {@code maxQueuedUploads} (the pipeline sets the pace).
 *
 * <p>Crash safety: a download goes to the spool and through {@link Ingest#accept} (fsync, archive,
 * journal) like an HTTP upload; only then is the object recorded in the {@link ImportState}. The
 * upload id is derived from endpoint, bucket, key and ETag, so an object accepted just before a
 * crash is found in the journal at the next pass and only recorded, not imported twice.
 */
public final class BucketImporter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BucketImporter.class);

  /** TEST ONLY crash step: the object is journaled, its import not recorded yet. */
  static final String ACCEPTED_STEP = "s3import-accepted";

  private final Ingest ingest;
  private final S3ImportConfig settings;
  private final S3Client s3;
  private final ImportState state;
  private final ImportMetrics metrics;
  private volatile boolean stopping;

  private BucketImporter(
      Ingest ingest,
      S3ImportConfig settings,
      S3Client s3,
      ImportState state,
      ImportMetrics metrics) {
    this.ingest = ingest;
    this.settings = settings;
    this.s3 = s3;
    this.state = state;
    this.metrics = metrics;
  }

  /**
   * An importer of {@code settings.bucket()} into {@code ingest}, its state in {@code
   * <dataDir>/s3import}.
   */
  public static BucketImporter open(
      Ingest ingest, S3ImportConfig settings, Path dataDir, MeterRegistry meters)
      throws IOException {
    ImportState state =
        new ImportState(ImportState.fileFor(dataDir, settings.endpoint(), settings.bucket()));
    return new BucketImporter(
        ingest, settings, S3Clients.create(settings), state, new ImportMetrics(meters));
  }

  /** Where this importer reads from, for logs. */
  public String location() {
    return new BucketLocation(settings.bucket(), settings.prefix())
        + (settings.endpoint().isEmpty() ? "" : " at " + settings.endpoint());
  }

  /**
   * One pass over the bucket (blocking). Returns when every object listed is imported, skipped or
   * failed, or when {@link #stop()} was called.
   */
  public ImportPass runOnce() throws InterruptedException {
    long t0 = System.nanoTime();
    Pass pass = new Pass();
    String error = null;
    Semaphore downloads = new Semaphore(settings.parallelDownloads());
    ListObjectsV2Request list =
        ListObjectsV2Request.builder()
            .bucket(settings.bucket())
            .prefix(settings.prefix().isEmpty() ? null : settings.prefix())
            .build();
    try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
      for (S3Object object : s3.listObjectsV2Paginator(list).contents()) {
        if (stopping) {
          break;
        }
        metrics.listed.increment();
        pass.listed.incrementAndGet();
        LogPath path = CanedgeKey.parse(object.key());
        if (path == null) {
          metrics.skipped.increment();
          pass.skipped.incrementAndGet();
          LOG.debug("s3import: skipping {} (not a CANedge log)", object.key());
          continue;
        }
        String etag = etag(object.eTag());
        if (state.imported(object.key(), etag)) {
          metrics.unchanged.increment();
          pass.unchanged.incrementAndGet();
          continue;
        }
        awaitRoomInQueue();
        downloads.acquire();
        workers.submit(
            () -> {
              try {
                importObject(object.key(), etag, path, pass);
              } finally {
                downloads.release();
              }
            });
      }
    } catch (SdkException e) {
      error = "listing " + location() + " failed: " + describe(e);
      LOG.error("s3import: {}", error);
    }
    ImportPass done = pass.result(error);
    LOG.info(
        "s3import {}: {} in {} ms",
        location(),
        done.summary(),
        (System.nanoTime() - t0) / 1_000_000);
    return done;
  }

  /** Back-pressure: no new download while the pipeline has {@code maxQueuedUploads} waiting. */
  private void awaitRoomInQueue() throws InterruptedException {
    while (!stopping && ingest.queue().depth() >= settings.maxQueuedUploads()) {
      Thread.sleep(50);
    }
  }

  /** Downloads one log into the spool and hands it to the pipeline; never throws. */
  private void importObject(String key, String etag, LogPath path, Pass pass) {
    String id = uploadId(key, etag);
    String where = "[device: " + path.device() + ", upload: " + id + "] ";
    Path spooled = ingest.spoolDir().resolve("s3import-" + UUID.randomUUID() + ".part");
    try {
      if (ingest.journal().get(id).isPresent()) {
        // accepted by an earlier run that stopped before recording it: record, do not repeat
        state.record(key, etag, id);
        count(pass, id, 0);
        LOG.info("{}s3import: {} was already journaled; recorded", where, key);
        return;
      }
      GetObjectResponse got =
          s3.getObject(
              GetObjectRequest.builder()
                  .bucket(settings.bucket())
                  .key(key)
                  .ifMatch(quoted(etag)) // the bytes of the ETag the upload id names
                  .build(),
              ResponseTransformer.toFile(spooled));
      long bytes = got.contentLength() == null ? Files.size(spooled) : got.contentLength();
      ingest.accept(id, path, null, spooled, bytes);
      CrashPoint.reached(ACCEPTED_STEP);
      state.record(key, etag, id);
      count(pass, id, bytes);
      LOG.info("{}s3import: imported {} ({} bytes)", where, key, bytes);
    } catch (UploadRejectedException e) {
      metrics.failed.increment();
      pass.failed.incrementAndGet();
      if (e.status() == 400 || e.status() == 415) {
        recordRejected(key, etag, where);
        LOG.warn("{}s3import: {} is not a readable log ({}); skipped", where, key, e.getMessage());
      } else {
        LOG.warn("{}s3import: {} not imported ({}); tried again later", where, key, e.getMessage());
      }
    } catch (IOException | RuntimeException e) { // SdkException included: S3 errors
      metrics.failed.increment();
      pass.failed.incrementAndGet();
      String why = e instanceof SdkException s ? describe(s) : e.toString();
      LOG.warn("{}s3import: {} not imported ({}); tried again later", where, key, why);
    } finally {
      DurableFiles.deleteQuietly(spooled, LOG, "s3import: ");
    }
  }

  private void count(Pass pass, String id, long bytes) {
    metrics.imported.increment();
    metrics.bytes.increment(bytes);
    pass.imported.incrementAndGet();
    pass.bytes.addAndGet(bytes);
    pass.uploadIds.add(id);
  }

  /** Content the pipeline refuses is not downloaded again until its ETag changes. */
  private void recordRejected(String key, String etag, String where) {
    try {
      state.record(key, etag, ImportState.REJECTED);
    } catch (IOException e) {
      LOG.warn("{}s3import: cannot record {} as refused: {}", where, key, e.toString());
    }
  }

  /**
   * The upload id of one version of one object: the same object and ETag always get the same id, so
   * the journal tells whether it was accepted already.
   */
  String uploadId(String key, String etag) {
    String identity = settings.endpoint() + "\n" + settings.bucket() + "\n" + key + "\n" + etag;
    return UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** An S3 error with its code ({@code NoSuchBucket}, {@code AccessDenied}...) first. */
  static String describe(SdkException e) {
    if (e instanceof AwsServiceException s && s.awsErrorDetails() != null) {
      return s.awsErrorDetails().errorCode() + ": " + s.awsErrorDetails().errorMessage();
    }
    return e.getMessage();
  }

  /** ETags are quoted on the wire; kept without the quotes. */
  static String etag(String raw) {
    if (raw == null) {
      return "";
    }
    return raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"")
        ? raw.substring(1, raw.length() - 1)
        : raw;
  }

  private static String quoted(String etag) {
    return "\"" + etag + "\"";
  }

  /** Ends a pass under way soon: no new downloads, running ones finish. */
  public void stop() {
    stopping = true;
  }

  @Override
  public void close() throws IOException {
    stop();
    s3.close();
    state.close();
  }

  /** Counters of one pass, shared by its download threads. */
  private static final class Pass {
    final AtomicLong listed = new AtomicLong();
    final AtomicLong imported = new AtomicLong();
    final AtomicLong unchanged = new AtomicLong();
    final AtomicLong skipped = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final List<String> uploadIds = Collections.synchronizedList(new ArrayList<>());

    ImportPass result(String error) {
      return new ImportPass(
          listed.get(),
          imported.get(),
          unchanged.get(),
          skipped.get(),
          failed.get(),
          bytes.get(),
          uploadIds,
          error);
    }
  }
}
