package io.ecugateway.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys to files and back: nothing escapes its bucket, every key lists back as it was put. */
class ObjectStoreTest {
  @TempDir Path dir;

  private ObjectMeta put(ObjectStore store, String key, String content) throws Exception {
    Path tmp = store.newTempFile(".t");
    Files.writeString(tmp, content);
    return store.commit(
        "b",
        key,
        tmp,
        new ObjectMeta(key, null, content.length(), "e", 0, "text/plain", Map.of(), null));
  }

  @Test
  void hostileKeysStayInsideTheBucketAndListBackUnchanged() throws Exception {
    ObjectStore store = new ObjectStore(dir.resolve("s3"), List.of("b"));
    List<String> keys =
        List.of(
            "..",
            ".",
            "../../../etc/passwd",
            "a/../../x",
            "/leading",
            "trailing/",
            "a//b",
            ".hidden/..",
            "~meta",
            "x~meta",
            "%2e%2e/%00",
            "ünïcødé/日本.MF4",
            "a",
            "a/b",
            "back\\slash",
            "sp ace+plus");
    for (String key : keys) {
      put(store, key, "content of " + key);
    }
    Path bucket = store.bucketDir("b");
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.toList()) {
        if (!p.startsWith(dir.resolve("s3/tmp")) && !p.startsWith(dir.resolve("s3/multipart"))) {
          assertTrue(p.normalize().startsWith(dir), p.toString());
        }
        if (Files.isRegularFile(p)) {
          assertTrue(p.normalize().startsWith(bucket), "outside the bucket: " + p);
        }
      }
    }
    List<String> listed = store.list("b", "", "").stream().map(ObjectMeta::key).toList();
    List<String> sorted = keys.stream().sorted(ObjectStore::compare).toList();
    assertEquals(sorted, listed);
    for (String key : keys) {
      ObjectMeta m = store.head("b", key).orElseThrow();
      assertArrayEquals(
          ("content of " + key).getBytes(StandardCharsets.UTF_8),
          Files.readAllBytes(store.dataFile("b", m)),
          key);
    }
  }

  @Test
  void nulAndOverlongKeysAreRefused() throws Exception {
    ObjectStore store = new ObjectStore(dir.resolve("s3"), List.of("b"));
    S3Exception nul = assertThrows(S3Exception.class, () -> put(store, "a\0b", "x"));
    assertEquals("InvalidArgument", nul.code());
    S3Exception longKey = assertThrows(S3Exception.class, () -> put(store, "k".repeat(1025), "x"));
    assertEquals("KeyTooLongError", longKey.code());
  }

  @Test
  void aPutReplacesTheObjectAndADeleteRemovesItsFiles() throws Exception {
    ObjectStore store = new ObjectStore(dir.resolve("s3"), List.of("b"));
    put(store, "dev/config.json", "one");
    ObjectMeta second = put(store, "dev/config.json", "two");
    assertEquals("two", Files.readString(store.dataFile("b", second)));
    try (Stream<Path> files = Files.list(store.bucketDir("b").resolve("dev"))) {
      assertEquals(2, files.count(), "one data file and its record, the old data file deleted");
    }
    assertTrue(store.delete("b", "dev/config.json"));
    assertFalse(store.delete("b", "dev/config.json"));
    assertTrue(store.head("b", "dev/config.json").isEmpty());
  }

  @Test
  void bodiesLeftInTmpAreDiscardedAtStart() throws Exception {
    ObjectStore store = new ObjectStore(dir.resolve("s3"), List.of("b"));
    Path leftover = store.newTempFile(".body");
    Files.writeString(leftover, "never acknowledged");
    new ObjectStore(dir.resolve("s3"), List.of("b"));
    assertFalse(Files.exists(leftover));
  }

  @Test
  void listingPagesAfterAKeyOrACommonPrefix() {
    List<ObjectMeta> all =
        Stream.of("p/a/1", "p/a/2", "p/b", "p/c/1", "p/d")
            .map(k -> new ObjectMeta(k, "d", 1, "e", 0, "t", Map.of(), null))
            .toList();
    ListRequests.Listing first = ListRequests.Listing.of(all, "p/", "/", "", 2);
    assertEquals(List.of("p/a/"), first.prefixes());
    assertEquals(List.of("p/b"), first.objects().stream().map(ObjectMeta::key).toList());
    assertTrue(first.truncated());
    ListRequests.Listing second = ListRequests.Listing.of(all, "p/", "/", first.last(), 2);
    assertEquals(List.of("p/c/"), second.prefixes());
    assertEquals(List.of("p/d"), second.objects().stream().map(ObjectMeta::key).toList());
    assertFalse(second.truncated());
    ListRequests.Listing afterPrefix = ListRequests.Listing.of(all, "p/", "/", "p/a/", 10);
    assertEquals(
        List.of("p/b", "p/d"), afterPrefix.objects().stream().map(ObjectMeta::key).toList());
  }
}
