package io.ecugateway.s3import;

import io.ecugateway.files.DurableFiles;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which objects of one bucket were imported, kept across restarts: one line per import, {@code
 * <etag> <upload id> <url-encoded key>}, appended and fsynced after the upload's journal record is
 * durable. A line cut off by a crash is ignored at the next open (its object is imported again,
 * which the store's upserts make harmless). Opening rewrites the file without superseded lines.
 */
final class ImportState implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ImportState.class);

  /** The upload id recorded for objects the pipeline refused (not a readable log). */
  static final String REJECTED = "rejected";

  private final Path file;
  private final Map<String, String> etagByKey = new HashMap<>();
  private final FileChannel out;

  ImportState(Path file) throws IOException {
    this.file = file;
    Files.createDirectories(file.getParent());
    int lines = 0;
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String[] f = line.split(" ", 3);
        if (f.length == 3) { // else a line cut off by a crash
          etagByKey.put(URLDecoder.decode(f[2], StandardCharsets.UTF_8), f[0]);
          lines++;
        }
      }
    }
    if (lines > etagByKey.size()) {
      compact();
    }
    this.out =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    DurableFiles.fsyncDirectory(file.getParent());
  }

  /** Whether {@code key} was imported with this ETag. */
  synchronized boolean imported(String key, String etag) {
    return etag.equals(etagByKey.get(key));
  }

  synchronized int size() {
    return etagByKey.size();
  }

  /** Records an import durably (write + fsync) before returning. */
  synchronized void record(String key, String etag, String uploadId) throws IOException {
    String line =
        etag + " " + uploadId + " " + URLEncoder.encode(key, StandardCharsets.UTF_8) + "\n";
    ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
    while (bytes.hasRemaining()) {
      out.write(bytes);
    }
    out.force(false);
    etagByKey.put(key, etag);
  }

  /** One line per key (its latest ETag), written aside and renamed over the file. */
  private void compact() throws IOException {
    StringBuilder sb = new StringBuilder();
    etagByKey.forEach(
        (key, etag) ->
            sb.append(etag)
                .append(" - ")
                .append(URLEncoder.encode(key, StandardCharsets.UTF_8))
                .append('\n'));
    DurableFiles.replace(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    LOG.debug("import state {} compacted to {} keys", file.getFileName(), etagByKey.size());
  }

  /** The state file of one bucket of one endpoint, under {@code <dataDir>/s3import}. */
  static Path fileFor(Path dataDir, String endpoint, String bucket) {
    String where = endpoint.isEmpty() ? "aws" : endpoint;
    String id = Integer.toHexString(where.hashCode());
    return dataDir.resolve("s3import").resolve(bucket + "-" + id + ".state");
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }
}
