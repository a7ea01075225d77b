package io.ecugateway.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Where a log comes from: a file (random access, memory-mappable) or a stream (stdin, an upload
 * body). Formats that need random access (MDF4) call {@link #path()}; for a stream source the
 * registry first spools it to a temporary file. {@link #name()} is what error messages and logs
 * show.
 */
public interface LogSource {

  String name();

  /** The file, or null for a pure stream. */
  Path path();

  /** A fresh stream over the whole content (callers close it). */
  InputStream openStream() throws IOException;

  static LogSource of(Path path) {
    return new FileSource(path);
  }

  static LogSource of(String name, InputStream in) {
    return new StreamSource(name, in);
  }
}
