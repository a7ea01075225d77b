package io.ecugateway.s3;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecugateway.files.DurableFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Multipart uploads on disk, under {@code s3/multipart/<uploadId>/}: {@code upload.json} (bucket,
 * key, content type, metadata), and per part {@code part-NNNNN} (its bytes, fsynced before the
 * part's 200) with {@code part-NNNNN.json} (size, ETag). They survive restarts until completed or
 * aborted. Blocking: call off the event loop.
 */
final class Multipart {
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  static final int MAX_PARTS = 10_000;

  /**
   * @param bucket target bucket
   * @param key target key
   * @param contentType content type of the object to be
   * @param metadata its {@code x-amz-meta-*}
   * @param initiated ms since the epoch
   * @param accessKey who started it (only they may add parts)
   */
  record Upload(
      String bucket,
      String key,
      String contentType,
      Map<String, String> metadata,
      long initiated,
      String accessKey) {}

  /**
   * @param number 1..10000
   * @param size bytes
   * @param etag MD5 hex of the part
   * @param lastModified ms since the epoch
   */
  record Part(int number, long size, String etag, long lastModified) {}

  private final Path dir;

  Multipart(Path dir) {
    this.dir = dir;
  }

  /** Starts an upload and returns its id. */
  String create(Upload upload) throws IOException {
    String id = UUID.randomUUID().toString().replace("-", "");
    Path d = Files.createDirectories(dir.resolve(id));
    DurableFiles.replace(d.resolve("upload.json"), JSON.writeValueAsBytes(upload));
    DurableFiles.fsyncDirectory(dir);
    return id;
  }

  /**
   * The upload {@code id} of {@code bucket}/{@code key}.
   *
   * @throws S3Exception NoSuchUpload
   */
  Upload get(String id, String bucket, String key) throws IOException {
    if (!id.matches("[0-9a-f]{32}")) {
      throw noSuchUpload(id);
    }
    try {
      Upload u =
          JSON.readValue(Files.readAllBytes(dir.resolve(id).resolve("upload.json")), Upload.class);
      if (!u.bucket().equals(bucket) || !u.key().equals(key)) {
        throw noSuchUpload(id);
      }
      return u;
    } catch (NoSuchFileException e) {
      throw noSuchUpload(id);
    }
  }

  /**
   * Makes {@code data} (complete, in the store's tmp directory) part {@code number} of {@code id}.
   */
  Part putPart(String id, int number, Path data, long size, String md5) throws IOException {
    if (number < 1 || number > MAX_PARTS) {
      throw S3Exception.invalidArgument("Part number must be an integer between 1 and 10000");
    }
    Path d = dir.resolve(id);
    Part part = new Part(number, size, md5, System.currentTimeMillis());
    DurableFiles.fsync(data);
    DurableFiles.moveAtomically(data, d.resolve(partName(number)));
    DurableFiles.replace(d.resolve(partName(number) + ".json"), JSON.writeValueAsBytes(part));
    DurableFiles.fsyncDirectory(d);
    return part;
  }

  /** The parts received so far, by number. */
  List<Part> parts(String id) throws IOException {
    List<Part> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir.resolve(id))) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String n = f.getFileName().toString();
        if (n.startsWith("part-") && n.endsWith(".json")) {
          out.add(JSON.readValue(Files.readAllBytes(f), Part.class));
        }
      }
    }
    out.sort(java.util.Comparator.comparingInt(Part::number));
    return out;
  }

  /**
   * Joins the listed parts (numbers ascending, ETags as the client saw them) into {@code target},
   * and returns the multipart ETag ({@code md5(md5s)-N}).
   *
   * @throws S3Exception InvalidPart, InvalidPartOrder, EntityTooLarge
   */
  String assemble(String id, List<Part> requested, Path target, long maxBytes) throws IOException {
    if (requested.isEmpty()) {
      throw new S3Exception(400, "MalformedXML", "CompleteMultipartUpload names no part");
    }
    Map<Integer, Part> have = new java.util.HashMap<>();
    for (Part p : parts(id)) {
      have.put(p.number(), p);
    }
    MessageDigest md5s = md5();
    long total = 0;
    int last = 0;
    List<Path> files = new ArrayList<>();
    for (Part r : requested) {
      if (r.number() <= last) {
        throw new S3Exception(
            400, "InvalidPartOrder", "The list of parts was not in ascending order");
      }
      last = r.number();
      Part p = have.get(r.number());
      if (p == null || !p.etag().equalsIgnoreCase(unquote(r.etag()))) {
        throw new S3Exception(
            400,
            "InvalidPart",
            "One or more of the specified parts could not be found: " + r.number());
      }
      total += p.size();
      md5s.update(HexFormat.of().parseHex(p.etag()));
      files.add(dir.resolve(id).resolve(partName(p.number())));
    }
    if (total > maxBytes) {
      throw S3Exception.tooLarge(maxBytes);
    }
    try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
      for (Path f : files) {
        try (InputStream in = Files.newInputStream(f)) {
          in.transferTo(out);
        }
      }
    }
    return HexFormat.of().formatHex(md5s.digest()) + "-" + requested.size();
  }

  /** Removes the upload and its parts (after completion or on abort). */
  void remove(String id) throws IOException {
    Path d = dir.resolve(id);
    try (Stream<Path> files = Files.list(d)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(f);
      }
    } catch (NoSuchFileException e) {
      return;
    }
    Files.deleteIfExists(d);
    DurableFiles.fsyncDirectory(dir);
  }

  private static String partName(int number) {
    return String.format("part-%05d", number);
  }

  static String unquote(String etag) {
    String e = etag == null ? "" : etag.trim();
    return e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")
        ? e.substring(1, e.length() - 1)
        : e;
  }

  static S3Exception noSuchUpload(String id) {
    return new S3Exception(
        404,
        "NoSuchUpload",
        "The specified multipart upload does not exist; it may have been aborted or completed");
  }

  static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
