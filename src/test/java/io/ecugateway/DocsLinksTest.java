package io.ecugateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative Markdown link of README.md and docs/*.md points at a file of the repository and,
 * with a {@code #fragment}, at a heading of that file (GitHub's anchors), so moving text between
 * the documents cannot leave a dead link behind.
 */
class DocsLinksTest {
  private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
  private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} +(.+?) *$");
  private static final Pattern FENCED = Pattern.compile("(?ms)^```.*?^```");
  private static final Pattern CODE_SPAN = Pattern.compile("`[^`\\n]*`");

  @Test
  void relativeLinksResolve() throws IOException {
    List<String> broken = new ArrayList<>();
    for (Path doc : documents()) {
      Matcher m = LINK.matcher(CODE_SPAN.matcher(prose(doc)).replaceAll(""));
      while (m.find()) {
        String problem = problem(doc, m.group(1));
        if (problem != null) {
          broken.add(doc + ": " + m.group(1) + ": " + problem);
        }
      }
    }
    assertTrue(broken.isEmpty(), String.join("\n", broken));
  }

  @Test
  void anchorsAreGitHubs() {
    assertEquals(
        "gateway-ingest-upload--rows-stored", anchor("Gateway ingest (upload → rows stored)"));
    assertEquals(
        "live-load-benchmark-liveloadbenchmark",
        anchor("Live load benchmark (`LiveLoadBenchmark`)"));
    assertEquals("running-serve", anchor("Running `serve`"));
  }

  private static List<Path> documents() throws IOException {
    List<Path> docs = new ArrayList<>(List.of(Path.of("README.md")));
    try (Stream<Path> files = Files.list(Path.of("docs"))) {
      files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
    }
    assertTrue(docs.size() > 1, "docs/*.md exist");
    return docs;
  }

  /** Why {@code target}, linked from {@code doc}, does not resolve; null when it does. */
  private static String problem(Path doc, String target) throws IOException {
    if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
      return null; // absolute URL (https:, mailto:): not ours to check
    }
    int hash = target.indexOf('#');
    String file = hash < 0 ? target : target.substring(0, hash);
    Path linked = file.isEmpty() ? doc : doc.resolveSibling(file).normalize();
    if (!Files.exists(linked)) {
      return "no such file";
    }
    if (hash < 0) {
      return null;
    }
    if (!linked.toString().endsWith(".md")) {
      return "an anchor into a file that is not Markdown";
    }
    return anchors(linked).contains(target.substring(hash + 1)) ? null : "no such heading";
  }

  /** The anchors GitHub gives the headings of a Markdown file (repeated ones get -1, -2, …). */
  private static Set<String> anchors(Path doc) throws IOException {
    Set<String> anchors = new HashSet<>();
    Matcher m = HEADING.matcher(prose(doc));
    while (m.find()) {
      String base = anchor(m.group(1));
      String a = base;
      for (int n = 1; !anchors.add(a); n++) {
        a = base + "-" + n;
      }
    }
    return anchors;
  }

  /** GitHub's heading anchor: lower case, punctuation dropped, each space a hyphen. */
  private static String anchor(String heading) {
    return heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
  }

  /** The text of a document without its fenced code blocks. */
  private static String prose(Path doc) throws IOException {
    return FENCED.matcher(Files.readString(doc)).replaceAll("");
  }
}
