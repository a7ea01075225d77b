package io.ecugateway.dbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ecugateway.testing.SharedData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every DBC file of the shared corpus (242, including the 36 cantools cannot load) loads, and its
 * message and signal counts equal the committed snapshot {@code dbc/corpus-snapshot.txt}, so any
 * parser regression shows up as a diff. After an intended change, regenerate the snapshot with
 * {@code -Dsnapshot.write=true} (written to target/corpus-snapshot.txt) and review the diff.
 */
class DbcCorpusSnapshotTest {

  @Test
  void everyCorpusFileLoadsWithTheSnapshotCounts() throws IOException {
    Path corpus = SharedData.require("dbc-corpus");
    List<Path> files;
    try (Stream<Path> s = Files.walk(corpus)) {
      files =
          s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".dbc"))
              .sorted()
              .toList();
    }
    StringBuilder actual = new StringBuilder();
    for (Path f : files) {
      Dbc dbc = DbcParser.parse(f); // throws on any syntax error
      actual
          .append(corpus.relativize(f).toString().replace('\\', '/'))
          .append(" messages=")
          .append(dbc.messages().size())
          .append(" signals=")
          .append(dbc.signalCount())
          .append('\n');
    }
    if (Boolean.getBoolean("snapshot.write")) {
      Files.writeString(Path.of("target", "corpus-snapshot.txt"), actual);
    }
    String expected;
    try (InputStream in = getClass().getResourceAsStream("/dbc/corpus-snapshot.txt")) {
      expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertEquals(242, files.size(), "corpus file count");
    assertEquals(lines(expected), lines(actual.toString()));
  }

  private static List<String> lines(String s) {
    return new ArrayList<>(s.lines().toList());
  }
}
