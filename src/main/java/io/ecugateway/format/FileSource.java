package io.ecugateway.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

record FileSource(Path path) implements LogSource {
  @Override
  public String name() {
    return path.toString();
  }

  @Override
  public InputStream openStream() throws IOException {
    return Files.newInputStream(path);
  }
}
