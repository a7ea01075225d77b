package io.ecugateway.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/** A one-shot stream; {@link #openStream()} hands out the same stream once. */
final class StreamSource implements LogSource {
  private final String name;
  private InputStream in;

  StreamSource(String name, InputStream in) {
    this.name = name;
    this.in = in;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Path path() {
    return null;
  }

  @Override
  public synchronized InputStream openStream() throws IOException {
    if (in == null) {
      throw new IOException(name + ": stream source can be opened only once");
    }
    InputStream s = in;
    in = null;
    return s;
  }
}
