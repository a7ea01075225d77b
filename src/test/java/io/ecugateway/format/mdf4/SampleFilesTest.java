package io.ecugateway.format.mdf4;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ecugateway.format.FormatRegistry;
import io.ecugateway.format.FrameReader;
import io.ecugateway.format.LogMetadata;
import io.ecugateway.format.ReadOptions;
import io.ecugateway.testing.SharedData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every CANedge sample log under {@code shared/data/canedge} against the facts SOURCES.md states
 * for it: counts, per-bus counts, distinct IDs, timestamps, Tx and 29-bit counts, header fields.
 */
class SampleFilesTest {

  @TestFactory
  Stream<DynamicTest> everySampleFileMatchesSourcesMd() throws Exception {
    Path root = SharedData.require("canedge");
    List<SourcesFacts> facts = SourcesFacts.load(root.resolve("SOURCES.md"));
    assertEquals(
        logFilesUnder(root),
        facts.stream().map(SourcesFacts::file).sorted().toList(),
        "every log file on disk has facts in SOURCES.md and vice versa");
    return facts.stream()
        .map(f -> DynamicTest.dynamicTest(f.file(), () -> check(root.resolve(f.file()), f)));
  }

  private static List<String> logFilesUnder(Path root) throws java.io.IOException {
    List<String> out = new ArrayList<>();
    for (String dir : List.of("LOG", "LOG_finalized_sorted", "other")) {
      try (Stream<Path> files = java.nio.file.Files.walk(root.resolve(dir))) {
        files
            .filter(java.nio.file.Files::isRegularFile)
            .forEach(p -> out.add(root.relativize(p).toString().replace('\\', '/')));
      }
    }
    return out.stream().sorted().toList();
  }

  static FrameReader open(Path file, List<String> warnings) throws Exception {
    ReadOptions options =
        ReadOptions.defaults()
            .withPasswords(Map.of("default", "passwordpasswordpassword"))
            .withWarnings(warnings::add);
    return FormatRegistry.open(file, options);
  }

  private static void check(Path file, SourcesFacts f) throws Exception {
    FrameStats s;
    LogMetadata meta;
    List<String> warnings = new ArrayList<>();
    try (FrameReader r = open(file, warnings)) {
      s = FrameStats.of(r);
      meta = r.metadata();
    }
    assertAll(
        f.file(),
        () -> assertEquals(f.count(), s.count, "frames"),
        () -> assertEquals(f.count(), s.dataFrames, "CAN data frames"),
        () -> assertEquals(f.perBus(), Map.copyOf(s.perBus), "frames per bus"),
        () -> assertEquals(f.distinctIds(), s.ids.size(), "distinct IDs"),
        () -> assertEquals(f.distinctBusIdeIds(), s.busIdeIds.size(), "distinct bus/IDE/ID"),
        () -> assertEquals(f.tx(), s.tx, "Tx frames"),
        () -> assertEquals(f.extended(), s.extended, "29-bit frames"),
        () -> assertEquals(f.minNs(), s.first, "first frame = earliest timestamp"),
        () -> assertEquals(f.maxNs(), s.last, "last frame = latest timestamp"),
        () -> assertEquals(f.minNs(), s.min, "min timestamp"),
        () -> assertEquals(f.maxNs(), s.max, "max timestamp"),
        () -> assertEquals(0, s.backSteps, "frames in time order"),
        () -> assertEquals(f.serial(), meta.get(LogMetadata.DEVICE_SERIAL), "serial"),
        () -> assertEquals(f.session(), meta.get(LogMetadata.SESSION), "session"),
        () -> assertEquals(f.split(), meta.get(LogMetadata.SPLIT), "split"),
        () -> assertEquals(Long.toString(f.startNs()), meta.get(LogMetadata.START_NS), "start"),
        () -> assertEquals(List.of(), warnings, "warnings"));
  }
}
