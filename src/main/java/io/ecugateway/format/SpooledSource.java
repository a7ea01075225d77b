package io.ecugateway.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** A stream spooled to a temporary file: random access, but named after the original stream. */
record SpooledSource(String name, Path path) implements LogSource {
  @Override
  public InputStream openStream() throws IOException {
    return Files.newInputStream(path);
  }
}
