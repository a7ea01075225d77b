package io.ecugateway.ingest;

import io.ecugateway.catalog.DecodeConfig;
import io.ecugateway.files.DurableFiles;
import io.ecugateway.format.FormatException;
import io.ecugateway.format.FormatRegistry;
import io.ecugateway.server.GatewayContext;
import io.ecugateway.server.ShutdownConfig;
import io.ecugateway.transport.TransportSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upload service: spool and archive directories, the journal and the decode queue. {@link
 * #accept} is the durable hand-over point: once it returns, the upload survives any crash.
 *
 * <p>One per server, owned by it ({@link #create}, {@link #start}, {@link #close}) and shared
 * through {@link GatewayContext#service}: every path that receives a log hands it here.
 */
public final class Ingest implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Ingest.class);

  private final GatewayContext context;
  private final Path dataDir;
  private final Path spoolDir;
  private final UploadJournal journal;
  private final UploadQueue queue;

  /**
   * Free bytes in the data directory as of the last {@link #refreshFreeSpace()}: the event loop
   * refuses bodies that cannot fit without a file-system call of its own.
   */
  private volatile long freeBytes = Long.MAX_VALUE;

  /** The periodic free-space read, -1 before {@link #start}. */
  private long freeSpaceTimer = -1;

  /** Bytes kept free for the journal records and archive moves of accepted uploads. */
  static final long RESERVE_BYTES = 1L << 20;

  /** The service over the context's store and DBC catalog, in {@code storage.dataDir}. */
  public static Ingest create(GatewayContext context) {
    Path dataDir = context.config().dataPath();
    DecodePipeline pipeline =
        new DecodePipeline(
            context.dbcs(),
            context.signals(),
            context.outputs(),
            context.config().section(DecodeConfig.class).passwords(),
            dataDir.resolve("spool"),
            context.meters(),
            context.config().section(TransportSettings.class),
            context.timestampWindow("upload"));
    try {
      return new Ingest(context, dataDir, pipeline);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + dataDir + ": " + e.getMessage(), e);
    }
  }

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
            journal,
            processor,
            dataDir,
            context.config().section(DecodeConfig.class).workers(),
            context.meters());
    // DOWN while store or journal writes fail and uploads wait for a retry (disk full, store down)
    context.addReadinessCheck("ingest", queue::healthy);
  }

  /**
   * Starts the work of the service: reads the free space (then every second, off the event loop)
   * and queues the uploads the journal holds unfinished.
   */
  public void start() {
    refreshFreeSpace();
    freeSpaceTimer =
        context.vertx().setPeriodic(1000, id -> context.blocking().submit(this::refreshFreeSpace));
    int resumed = queue.resume();
    if (resumed > 0) {
      LOG.info("resumed {} unfinished upload(s) from the journal", resumed);
    }
  }

  /**
   * Reads the data directory's free space (blocking; called every second off the event loop).
   *
   * @return the free bytes, {@link Long#MAX_VALUE} when they cannot be read
   */
  public long refreshFreeSpace() {
    long free = usableSpace();
    freeBytes = free < 0 ? Long.MAX_VALUE : free;
    return freeBytes;
  }

  /**
   * Why a body of {@code declaredBytes} (-1: not declared) cannot be received now, or null. A full
   * data directory is refused before the body is read: a multipart body would otherwise stall in
   * the body handler until the idle timeout closes it, without an answer.
   */
  public String noRoomFor(long declaredBytes) {
    long free = freeBytes;
    if (free - RESERVE_BYTES >= Math.max(declaredBytes, 0)) {
      return null;
    }
    return "the gateway's data directory has "
        + free
        + " bytes free"
        + (declaredBytes >= 0 ? ", not enough for " + declaredBytes + " bytes" : "")
        + ": send it again later";
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
   * Makes a received body durable: checks that it was written completely and that a log format
   * reads it, fsyncs it, moves it into its own archive object, journals it as QUEUED and queues it.
   * Blocking; call on a virtual thread.
   *
   * @throws UploadRejectedException the body is empty (400), no reader accepts it (415), the data
   *     directory is full (507) or another I/O failure (500, logged); the spooled body is deleted
   */
  public Upload accept(String id, LogPath path, String fileName, Path received, long bytes)
      throws IOException {
    Path archived = null;
    try {
      requireComplete(received, bytes);
      requireLogContent(received, fileName == null ? path.split() : fileName);
      DurableFiles.fsync(received);
      String relative = archiveName(id, path, fileName);
      archived = dataDir.resolve(relative);
      move(received, archived);
      DurableFiles.fsyncDirectoryIfSupported(archived.getParent());
      CrashPoint.reached(CrashPoint.ARCHIVED);
      Upload upload =
          Upload.queued(id, path, fileName, relative, bytes, System.currentTimeMillis());
      journal.save(upload);
      queue.submit(upload);
      CrashPoint.reached(CrashPoint.QUEUED);
      return upload;
    } catch (IOException e) {
      DurableFiles.deleteQuietly(received, LOG);
      DurableFiles.deleteQuietly(
          archived, LOG); // not journaled: nobody would ever decode or delete it
      if (e instanceof UploadRejectedException) {
        throw e;
      }
      String why = e.getMessage() == null ? e.toString() : withoutDataDir(e.getMessage());
      if (outOfSpace(e)) {
        throw insufficientStorage("the upload could not be stored durably: " + why);
      }
      LOG.error("[device: {}, upload: {}] cannot accept the upload: {}", path.device(), id, why);
      throw new UploadRejectedException(500, "the upload could not be stored: " + why);
    }
  }

  /** Paths under the data directory made relative to it: responses name no server path. */
  private String withoutDataDir(String message) {
    return message.replace(dataDir.toString() + java.io.File.separator, "");
  }

  /**
   * The checks of {@link #accept} without accepting: a request carrying several files checks them
   * all first, so it is accepted or rejected as a whole.
   *
   * @throws UploadRejectedException as {@link #accept} does; the file is left in place
   */
  public void check(String name, Path received, long bytes) throws IOException {
    requireComplete(received, bytes);
    requireLogContent(received, name);
  }

  /**
   * Every accepted upload gets its own archive object, named by its id: two uploads of the same
   * device, session and split (a re-upload, two files of one name) never replace each other's raw
   * file. Rows of the same split are deduplicated by the store, on (ts, device, bus).
   */
  static String archiveName(String id, LogPath path, String fileName) {
    String split = path.split();
    String ext = LogPath.extension(split, fileName);
    if (!ext.isEmpty() && !split.toLowerCase(Locale.ROOT).endsWith("." + ext)) {
      split = split + "." + ext;
    }
    return "archive/" + path.device() + "/" + path.session() + "/" + id + "-" + split;
  }

  /** A short spool file means a write failed (the data directory filled up while receiving). */
  private void requireComplete(Path received, long bytes) throws IOException {
    long written = Files.size(received);
    if (written != bytes) {
      throw insufficientStorage(
          "the upload could not be stored durably: " + written + " of " + bytes + " bytes written");
    }
  }

  /**
   * Rejects what no log reader accepts before the {@code 202}, so junk is neither archived nor
   * queued. The format registry detects formats from the content, as the decoder will.
   */
  private static void requireLogContent(Path received, String name) throws IOException {
    byte[] head = new byte[FormatRegistry.PROBE_BYTES];
    int n;
    try (InputStream in = Files.newInputStream(received)) {
      n = in.readNBytes(head, 0, head.length);
    }
    if (n == 0) {
      throw new UploadRejectedException(
          400, "empty body: expected a log file in one of the formats " + FormatRegistry.names());
    }
    try {
      FormatRegistry.detect(name, head, n, name);
    } catch (FormatException e) {
      throw new UploadRejectedException(415, e.getMessage());
    }
  }

  private UploadRejectedException insufficientStorage(String what) {
    return new UploadRejectedException(
        507, what + " (the gateway's data directory has " + usableSpace() + " bytes free)");
  }

  private long usableSpace() {
    try {
      return Files.getFileStore(dataDir).getUsableSpace();
    } catch (IOException e) {
      return -1;
    }
  }

  /** ENOSPC / EDQUOT anywhere in the cause chain. */
  static boolean outOfSpace(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage();
      if (m != null && (m.contains("No space left") || m.contains("Disk quota exceeded"))) {
        return true;
      }
    }
    return false;
  }

  private static void move(Path from, Path to) throws IOException {
    Files.createDirectories(to.getParent());
    DurableFiles.moveAtomically(from, to);
  }

  /**
   * Graceful stop (blocking), after the HTTP port closed and before the store closes: running
   * decodes finish within {@code shutdown.drainSeconds}; the rest stays in the journal for the next
   * start.
   */
  @Override
  public void close() {
    context.vertx().cancelTimer(freeSpaceTimer);
    queue.drain(context.config().section(ShutdownConfig.class).drainSeconds());
  }
}
