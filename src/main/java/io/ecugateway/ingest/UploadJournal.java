package io.ecugateway.ingest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecugateway.files.DurableFiles;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable record of every accepted upload: one JSON file per upload under {@code
 * <dataDir>/uploads}, replaced atomically (write, fsync, rename, fsync directory) at each state
 * change. An upload is answered 202 only after its record is durable, so after a crash every upload
 * not yet STORED or FAILED is found here and decoded again.
 */
public final class UploadJournal {
  private static final Logger LOG = LoggerFactory.getLogger(UploadJournal.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Path dir;
  private final Map<String, Upload> byId = new ConcurrentHashMap<>();

  public UploadJournal(Path dir) throws IOException {
    this.dir = Files.createDirectories(dir);
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
      for (Path f : files) {
        try {
          Upload u = withoutServerPath(JSON.readValue(f.toFile(), Upload.class));
          byId.put(u.id(), u);
        } catch (IOException e) {
          LOG.error("upload journal: unreadable record {} ({}); moved aside", f, e.getMessage());
          Files.move(
              f, f.resolveSibling(f.getFileName() + ".bad"), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    try (DirectoryStream<Path> tmp = Files.newDirectoryStream(dir, "*.tmp")) {
      for (Path f : tmp) {
        Files.deleteIfExists(f); // a crash during a write; the previous version is intact
      }
    }
  }

  /**
   * Records of older versions may name the archived file by its absolute path in {@code reason};
   * shown relative to the data directory, as newer reasons are.
   */
  private Upload withoutServerPath(Upload u) {
    String prefix = dir.toAbsolutePath().getParent() + java.io.File.separator;
    if (u.reason() == null || !u.reason().contains(prefix)) {
      return u;
    }
    return u.withReason(u.reason().replace(prefix, ""));
  }

  /** Writes the record durably, then makes it visible to readers. */
  public void save(Upload upload) throws IOException {
    Path target = dir.resolve(upload.id() + ".json");
    Path tmp = dir.resolve(upload.id() + ".json.tmp");
    byte[] bytes = JSON.writeValueAsBytes(upload);
    DurableFiles.write(tmp, bytes);
    try {
      DurableFiles.moveAtomically(tmp, target);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
    DurableFiles.fsyncDirectoryIfSupported(dir);
    byId.put(upload.id(), upload);
  }

  public Optional<Upload> get(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  public Collection<Upload> all() {
    return byId.values();
  }

  /** Uploads to (re)decode after a start, oldest first. */
  public List<Upload> unfinished() {
    List<Upload> out = new ArrayList<>();
    for (Upload u : byId.values()) {
      if (!u.state().isFinal()) {
        out.add(u);
      }
    }
    out.sort(Comparator.comparingLong(Upload::receivedAt).thenComparing(Upload::id));
    return out;
  }
}
