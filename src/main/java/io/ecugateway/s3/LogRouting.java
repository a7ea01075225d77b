package io.ecugateway.s3;

import io.ecugateway.files.DurableFiles;
import io.ecugateway.ingest.Ingest;
import io.ecugateway.ingest.LogPath;
import io.ecugateway.ingest.UploadRejectedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands objects named like CANedge logs to the shared {@link Ingest} service (spool → fsync →
 * archive → journal → decode → store, the same pipeline as HTTP uploads), once per (device,
 * session, split): a CANedge whose confirmation got lost uploads the split again under a new epoch
 * suffix, and that copy is acknowledged and ignored. The object stays readable in the bucket: its
 * data file is a hard link to the archived log (no second copy on disk).
 */
final class LogRouting {
  private static final Logger LOG = LoggerFactory.getLogger(LogRouting.class);

  /** What happened to a log object. */
  enum Outcome {
    /** Handed to the pipeline and stored as an object. */
    INGESTED,
    /** Same (device, session, split) as a stored log: acknowledged, not ingested again. */
    DUPLICATE,
    /** Named like a log but no log reader accepts it: kept as a plain object. */
    NOT_A_LOG
  }

  record Routed(Outcome outcome, ObjectMeta meta) {}

  private final Ingest ingest;
  private final ObjectStore store;
  private final ReentrantLock[] locks = new ReentrantLock[64];

  LogRouting(Ingest ingest, ObjectStore store) {
    this.ingest = ingest;
    this.store = store;
    for (int i = 0; i < locks.length; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  /**
   * Routes the received body ({@code received}, complete, in the store's tmp directory). Blocking.
   *
   * @param meta the object's size, ETag, content type and metadata
   * @throws S3Exception the pipeline refused it for lack of space or an I/O failure
   */
  Routed route(String bucket, String key, LogPath path, Path received, ObjectMeta meta)
      throws IOException {
    ReentrantLock lock =
        locks[Math.floorMod((path.device() + path.session() + path.splitKey()).hashCode(), 64)];
    lock.lock();
    try {
      Optional<ObjectMeta> earlier = sameSplit(bucket, path);
      if (earlier.isEmpty()) {
        return ingest(bucket, key, path, received, meta);
      }
      ObjectMeta first = earlier.get();
      if (!first.key().equals(key)) { // the CANedge's re-upload under a new epoch suffix
        Files.deleteIfExists(received);
        return new Routed(Outcome.DUPLICATE, meta);
      }
      if (!first.etag().equals(meta.etag())) { // new bytes under the same key: a new log
        return ingest(bucket, key, path, received, meta);
      }
      return new Routed(
          Outcome.DUPLICATE, store.commit(bucket, key, received, withUpload(meta, first.upload())));
    } finally {
      lock.unlock();
    }
  }

  private Routed ingest(String bucket, String key, LogPath path, Path received, ObjectMeta meta)
      throws IOException {
    Path link = store.newTempFile(".log");
    linkOrCopy(received, link);
    String id = UUID.randomUUID().toString();
    try {
      ingest.accept(id, path, null, received, meta.size());
    } catch (UploadRejectedException e) {
      if (e.status() == 400 || e.status() == 415) {
        LOG.warn(
            "[device: {}, key: {}] named like a log but not one ({}): kept as a plain object",
            path.device(),
            key,
            e.getMessage());
        return new Routed(Outcome.NOT_A_LOG, store.commit(bucket, key, link, meta));
      }
      DurableFiles.deleteQuietly(link, LOG);
      throw e.status() == 507
          ? new S3Exception(503, "SlowDown", e.getMessage())
          : new S3Exception(500, "InternalError", e.getMessage());
    } catch (IOException | RuntimeException e) {
      DurableFiles.deleteQuietly(link, LOG);
      throw e;
    }
    return new Routed(Outcome.INGESTED, store.commit(bucket, key, link, withUpload(meta, id)));
  }

  private static ObjectMeta withUpload(ObjectMeta m, String upload) {
    return new ObjectMeta(
        m.key(),
        m.data(),
        m.size(),
        m.etag(),
        m.lastModified(),
        m.contentType(),
        m.metadata(),
        upload);
  }

  /** A stored log of the same device, session and split (any epoch suffix or extension case). */
  private Optional<ObjectMeta> sameSplit(String bucket, LogPath path) throws IOException {
    String dir = path.device() + "/" + path.session() + "/";
    for (ObjectMeta m : store.list(bucket, dir, "")) {
      String name = m.key().substring(dir.length());
      if (m.upload() != null
          && LogPath.valid(name)
          && new LogPath(path.device(), path.session(), name).splitKey().equals(path.splitKey())) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /** A second name for the received file; a copy where the file system has no hard links. */
  private static void linkOrCopy(Path received, Path link) throws IOException {
    try {
      Files.createLink(link, received);
    } catch (UnsupportedOperationException | IOException e) {
      Files.copy(received, link);
    }
  }
}
