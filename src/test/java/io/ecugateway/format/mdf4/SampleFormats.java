package io.ecugateway.format.mdf4;

import io.ecugateway.format.FrameFormat;
import java.nio.file.Path;

/** Picks the format for a sample file by its extension (the registry does it by magic). */
final class SampleFormats {
  private SampleFormats() {}

  static FrameFormat forFile(Path file) {
    String n = file.getFileName().toString().toUpperCase(java.util.Locale.ROOT);
    if (n.endsWith(".MF4")) {
      return new Mdf4Format();
    }
    throw new org.opentest4j.TestAbortedException("no reader yet for " + n);
  }
}
