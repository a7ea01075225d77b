package io.ecugateway.s3;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecugateway.files.DurableFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Objects on disk under {@code <storage.dataDir>/s3/}: {@code buckets/<bucket>/<key as paths>} (see
 * {@link ObjectKeys}), each object a data file {@code name~d-<id>} and its commit record {@code
 * name~meta} ({@link ObjectMeta}). A put writes and fsyncs a new data file, then atomically
 * replaces the record (and fsyncs the directory): a reader sees the old object or the new one,
 * never a mix, and a crash leaves at most an unreferenced data file. Blocking: call off the event
 * loop.
 */
final class ObjectStore {
  private static final Logger LOG = LoggerFactory.getLogger(ObjectStore.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  static final String META = "~meta";
  private static final String DATA = "~d-";

  private final Path root;
  private final Path tmp;
  private final ReentrantLock[] locks = new ReentrantLock[64];

  /** Opens (creates) the store and empties {@code tmp/}: bodies there were never answered. */
  ObjectStore(Path root, List<String> buckets) throws IOException {
    this.root = root;
    this.tmp = Files.createDirectories(root.resolve("tmp"));
    for (String bucket : buckets) {
      Files.createDirectories(bucketDir(bucket));
    }
    Files.createDirectories(root.resolve("multipart"));
    try (DirectoryStream<Path> files = Files.newDirectoryStream(tmp)) {
      for (Path f : files) {
        Files.deleteIfExists(f);
      }
    }
    for (int i = 0; i < locks.length; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  Path root() {
    return root;
  }

  /** A new file name in {@code tmp/} (not created). */
  Path newTempFile(String suffix) {
    return tmp.resolve(UUID.randomUUID() + suffix);
  }

  Path bucketDir(String bucket) {
    return root.resolve("buckets").resolve(bucket);
  }

  /**
   * Makes {@code data} (a complete file in {@code tmp/}) the object {@code key}: fsyncs it, moves
   * it beside the key's record and replaces the record. When this returns the object is durable.
   */
  ObjectMeta commit(String bucket, String key, Path data, ObjectMeta meta) throws IOException {
    Path base = ObjectKeys.resolve(bucketDir(bucket), key);
    Path dir = Files.createDirectories(base.getParent());
    String name = base.getFileName().toString();
    String dataName = name + DATA + UUID.randomUUID();
    DurableFiles.fsync(data);
    Files.move(data, dir.resolve(dataName), StandardCopyOption.ATOMIC_MOVE);
    ObjectMeta committed =
        new ObjectMeta(
            key,
            dataName,
            meta.size(),
            meta.etag(),
            System.currentTimeMillis(),
            meta.contentType(),
            meta.metadata(),
            meta.upload());
    ReentrantLock lock = lockFor(base);
    lock.lock();
    try {
      Optional<ObjectMeta> previous = readMeta(dir.resolve(name + META));
      Path record = dir.resolve(name + META);
      Path recordTmp = dir.resolve(name + "~tmp-" + UUID.randomUUID());
      DurableFiles.replace(record, recordTmp, JSON.writeValueAsBytes(committed));
      fsyncUpTo(dir, bucketDir(bucket));
      previous.ifPresent(p -> DurableFiles.deleteQuietly(dir.resolve(p.data()), LOG));
    } finally {
      lock.unlock();
    }
    return committed;
  }

  /** The object's record, if it exists. */
  Optional<ObjectMeta> head(String bucket, String key) throws IOException {
    return readMeta(metaPath(bucket, key));
  }

  /** The file holding the bytes of {@code meta}. */
  Path dataFile(String bucket, ObjectMeta meta) {
    return ObjectKeys.resolve(bucketDir(bucket), meta.key()).resolveSibling(meta.data());
  }

  /**
   * Deletes the object (S3 answers a delete of a missing key with 204 as well).
   *
   * @return true if it existed
   */
  boolean delete(String bucket, String key) throws IOException {
    Path record = metaPath(bucket, key);
    ReentrantLock lock = lockFor(record);
    lock.lock();
    try {
      Optional<ObjectMeta> meta = readMeta(record);
      if (meta.isEmpty()) {
        return false;
      }
      Files.delete(record);
      DurableFiles.fsyncDirectory(record.getParent());
      DurableFiles.deleteQuietly(record.resolveSibling(meta.get().data()), LOG);
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Records of the objects whose keys start with {@code prefix}, in key order (UTF-8 binary, as S3
   * lists), after {@code after} (exclusive, may be empty). Walks only the directory the prefix's
   * complete segments name.
   */
  List<ObjectMeta> list(String bucket, String prefix, String after) throws IOException {
    Path start = bucketDir(bucket);
    int slash = prefix.lastIndexOf('/');
    if (slash >= 0) {
      start = ObjectKeys.resolve(start, prefix.substring(0, slash) + "/x").getParent();
    }
    if (!Files.isDirectory(start)) {
      return List.of();
    }
    List<ObjectMeta> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(start)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (!f.getFileName().toString().endsWith(META)) {
          continue;
        }
        String key = keyOf(bucket, f);
        if (key.startsWith(prefix) && compare(key, after) > 0) {
          readMeta(f).ifPresent(out::add);
        }
      }
    }
    out.sort(Comparator.comparing(ObjectMeta::key, ObjectStore::compare));
    return out;
  }

  /** The first key segments that are "directories" ({@code a} of {@code a/b}), decoded. */
  List<String> topLevelDirectories(String bucket) throws IOException {
    List<String> out = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(bucketDir(bucket))) {
      for (Path e : entries) {
        if (Files.isDirectory(e)) {
          out.add(ObjectKeys.decodeSegment(e.getFileName().toString()));
        }
      }
    }
    return out;
  }

  /** The key a record file stands for. */
  private String keyOf(String bucket, Path record) {
    Path rel = bucketDir(bucket).relativize(record);
    StringBuilder key = new StringBuilder();
    for (int i = 0; i < rel.getNameCount(); i++) {
      String name = rel.getName(i).toString();
      if (i == rel.getNameCount() - 1) {
        name = name.substring(0, name.length() - META.length());
      }
      key.append(i == 0 ? "" : "/").append(ObjectKeys.decodeSegment(name));
    }
    return key.toString();
  }

  /** S3's key order: UTF-8 bytes, unsigned. */
  static int compare(String a, String b) {
    return java.util.Arrays.compareUnsigned(
        a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private Path metaPath(String bucket, String key) {
    Path base = ObjectKeys.resolve(bucketDir(bucket), key);
    return base.resolveSibling(base.getFileName() + META);
  }

  private ReentrantLock lockFor(Path p) {
    return locks[Math.floorMod(p.toString().hashCode(), locks.length)];
  }

  private static Optional<ObjectMeta> readMeta(Path record) throws IOException {
    try {
      return Optional.of(JSON.readValue(Files.readAllBytes(record), ObjectMeta.class));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** {@code dir} and its parents up to {@code top}: directories a put created are durable too. */
  private static void fsyncUpTo(Path dir, Path top) throws IOException {
    for (Path d = dir; d != null && d.startsWith(top); d = d.getParent()) {
      DurableFiles.fsyncDirectory(d);
    }
  }

  /** Makes renames and creations in {@code dir} durable (Linux: fsync on the directory). */
}
