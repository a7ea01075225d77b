package io.ecugateway.ingest;

import io.ecugateway.app.GatewayContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The upload service: spool and archive directories, the journal and the decode queue. {@link
 * #accept} is the durable hand-over point: once it returns, the upload survives any crash.
 */
public final class Ingest implements AutoCloseable {
  private final GatewayContext context;
  private final Path dataDir;
  private final Path spoolDir;
  private final UploadJournal journal;
  private final UploadQueue queue;

  public Ingest(GatewayContext context, Path dataDir, UploadProcessor processor)
      throws IOException {
    this.context = context;
    this.dataDir = dataDir;
    this.spoolDir = Files.createDirectories(dataDir.resolve("spool"));
    Files.createDirectories(dataDir.resolve("archive"));
    clearSpool();
    this.journal = new UploadJournal(dataDir.resolve("uploads"));
    this.queue =
        new UploadQueue(
            journal, processor, dataDir, context.config().decode().workers(), context.meters());
  }

  /** Bodies that never got a 202 (the process died while receiving) are garbage. */
  private void clearSpool() throws IOException {
    try (var files = Files.list(spoolDir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(f);
      }
    }
  }

  public GatewayContext context() {
    return context;
  }

  public Path spoolDir() {
    return spoolDir;
  }

  public UploadJournal journal() {
    return journal;
  }

  public UploadQueue queue() {
    return queue;
  }

  /**
   * Makes a received body durable: fsync, move into the archive, journal as QUEUED, queue it.
   * Blocking; call on a virtual thread.
   */
  public Upload accept(String id, LogPath path, String fileName, Path received, long bytes)
      throws IOException {
    UploadModule.fsync(received);
    String split = path.split();
    String ext = LogPath.extension(split, fileName);
    if (!ext.isEmpty() && !split.toLowerCase(Locale.ROOT).endsWith("." + ext)) {
      split = split + "." + ext;
    }
    String relative = "archive/" + path.device() + "/" + path.session() + "/" + split;
    Path target = dataDir.resolve(relative);
    UploadModule.move(received, target);
    UploadJournal.fsyncDirectory(target.getParent());
    Upload upload = Upload.queued(id, path, fileName, relative, bytes, System.currentTimeMillis());
    journal.save(upload);
    queue.submit(upload);
    return upload;
  }

  @Override
  public void close() {
    queue.close();
  }
}
