package io.ecugateway.format;

import io.ecugateway.frame.CanFrame;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The known log formats, by name, and the entry point for reading any log: {@link #open} detects
 * the format from the content (the file name is only a hint), keeps the probed bytes for the
 * reader, and spools stream sources to a temporary file for formats that need random access.
 */
public final class FormatRegistry {
  /** How many leading bytes formats see when probing. */
  public static final int PROBE_BYTES = 4096;

  /** Lowest {@link FrameFormat#probe} score that counts as a match. */
  static final int MIN_SCORE = 20;

  /** The formats on the class path, by {@link FrameFormat#order()}. */
  private static final List<FrameFormat> FORMATS =
      sorted(ServiceLoader.load(FrameFormat.class, FrameFormat.class.getClassLoader()));

  private FormatRegistry() {}

  /**
   * The formats by order, refusing two of one name or one order: either would make detection or
   * {@link #byName} depend on class-path order.
   */
  static List<FrameFormat> sorted(Iterable<FrameFormat> found) {
    List<FrameFormat> formats = new ArrayList<>();
    found.forEach(formats::add);
    formats.sort(Comparator.comparingInt(FrameFormat::order));
    Set<String> names = new HashSet<>();
    Set<Integer> orders = new HashSet<>();
    for (FrameFormat f : formats) {
      if (!names.add(f.name().toLowerCase(Locale.ROOT))) {
        throw new IllegalStateException("two log formats are called '" + f.name() + "'");
      }
      if (!orders.add(f.order())) {
        throw new IllegalStateException(
            "two log formats have the order " + f.order() + ", one is '" + f.name() + "'");
      }
    }
    if (formats.isEmpty()) {
      throw new IllegalStateException(
          "no log format found: META-INF/services/" + FrameFormat.class.getName() + " is missing");
    }
    return List.copyOf(formats);
  }

  public static List<FrameFormat> formats() {
    return FORMATS;
  }

  /** Comma-separated names, for help texts and errors. */
  public static String names() {
    return FORMATS.stream().map(FrameFormat::name).collect(Collectors.joining(", "));
  }

  /**
   * The format called {@code name} (case-insensitive).
   *
   * @throws IllegalArgumentException naming the known formats
   */
  public static FrameFormat byName(String name) {
    for (FrameFormat f : FORMATS) {
      if (f.name().equalsIgnoreCase(name)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "unknown log format '" + name + "': expected one of " + names());
  }

  /**
   * The format that claims {@code head} most strongly.
   *
   * @param source name for the error message
   * @param fileName hint, may be null
   * @throws FormatException naming the file, what was expected and what the content starts with
   */
  public static FrameFormat detect(String source, byte[] head, int length, String fileName)
      throws FormatException {
    FrameFormat best = null;
    int bestScore = MIN_SCORE - 1;
    for (FrameFormat f : FORMATS) {
      int score = f.probe(head, length, fileName);
      if (score > bestScore) {
        best = f;
        bestScore = score;
      }
    }
    if (best == null) {
      throw new FormatException(
          source,
          length == 0 ? -1 : 0,
          (length == 0 ? "empty input" : "unrecognised log format")
              + ": expected a log in one of the formats "
              + names()
              + (length == 0 ? "" : ", found " + describe(head, length)));
    }
    return best;
  }

  /** Opens {@code source}, detecting its format. */
  public static FrameReader open(LogSource source, ReadOptions options) throws IOException {
    return open(source, (FrameFormat) null, options);
  }

  /** Opens a file, detecting its format. */
  public static FrameReader open(Path file, ReadOptions options) throws IOException {
    return open(LogSource.of(file), (FrameFormat) null, options);
  }

  /**
   * Opens {@code source} as {@code formatName}, or detects the format when it is null.
   *
   * @throws IllegalArgumentException for an unknown format name
   * @throws FormatException when the content matches no format
   */
  public static FrameReader open(LogSource source, String formatName, ReadOptions options)
      throws IOException {
    return open(source, formatName == null ? null : byName(formatName), options);
  }

  /** Opens {@code source} as {@code explicit}, or detects the format when it is null. */
  static FrameReader open(LogSource source, FrameFormat explicit, ReadOptions options)
      throws IOException {
    if (source.path() != null) {
      FrameFormat format = explicit;
      if (format == null) {
        byte[] head = new byte[PROBE_BYTES];
        int n;
        try (InputStream in = source.openStream()) {
          n = in.readNBytes(head, 0, head.length);
        }
        format = detect(source.name(), head, n, fileName(source.path()));
      }
      return format.open(source, options);
    }
    InputStream in = source.openStream();
    try {
      byte[] head = new byte[PROBE_BYTES];
      int n = in.readNBytes(head, 0, head.length);
      FrameFormat format =
          explicit != null ? explicit : detect(source.name(), head, n, source.name());
      InputStream replay = new SequenceInputStream(new ByteArrayInputStream(head, 0, n), in);
      if (format.needsRandomAccess()) {
        return openSpooled(source.name(), replay, format, options);
      }
      return format.open(new StreamSource(source.name(), replay), options);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  private static FrameReader openSpooled(
      String name, InputStream content, FrameFormat format, ReadOptions options)
      throws IOException {
    Files.createDirectories(options.tempDir());
    Path tmp = Files.createTempFile(options.tempDir(), "ecu-gateway-spool-", ".tmp");
    try {
      try (InputStream in = content;
          OutputStream out = Files.newOutputStream(tmp)) {
        in.transferTo(out);
      }
      return new DeletingReader(format.open(new SpooledSource(name, tmp), options), tmp);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
  }

  private static String fileName(Path p) {
    Path f = p.getFileName();
    return f == null ? null : f.toString();
  }

  /** The first line if the head looks like text, else its first bytes in hex. */
  static String describe(byte[] head, int length) {
    int printable = 0;
    int lineEnd = -1;
    for (int i = 0; i < length; i++) {
      int c = head[i] & 0xFF;
      if (c == '\n' && lineEnd < 0) {
        lineEnd = i;
      }
      if (c >= 0x20 && c < 0x7F || c == '\n' || c == '\r' || c == '\t') {
        printable++;
      }
    }
    if (printable >= length * 0.95) {
      int end = Math.min(lineEnd < 0 ? length : lineEnd, 60);
      String line = new String(head, 0, end, java.nio.charset.StandardCharsets.ISO_8859_1).strip();
      return "text starting \"" + line + "\"";
    }
    StringBuilder sb = new StringBuilder("binary data starting");
    for (int i = 0; i < Math.min(length, 8); i++) {
      sb.append(String.format(Locale.ROOT, " %02X", head[i] & 0xFF));
    }
    return sb.toString();
  }

  /** Closes the reader, then removes its spool file. */
  private record DeletingReader(FrameReader delegate, Path spool) implements FrameReader {
    @Override
    public boolean next(CanFrame frame) throws IOException {
      return delegate.next(frame);
    }

    @Override
    public LogMetadata metadata() {
      return delegate.metadata();
    }

    @Override
    public void close() throws IOException {
      try {
        delegate.close();
      } finally {
        Files.deleteIfExists(spool);
      }
    }
  }
}
