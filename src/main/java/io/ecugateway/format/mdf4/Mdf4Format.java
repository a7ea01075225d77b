package io.ecugateway.format.mdf4;

import io.ecugateway.format.FrameFormat;
import io.ecugateway.format.FrameReader;
import io.ecugateway.format.LogSource;
import io.ecugateway.format.ReadOptions;
import java.io.IOException;
import java.io.InputStream;

/** MDF 4.x bus logging files ({@code .MF4}), finalized ({@code MDF }) or not ({@code UnFinMF }). */
public final class Mdf4Format implements FrameFormat {

  @Override
  public String name() {
    return "mf4";
  }

  @Override
  public int order() {
    return 100;
  }

  @Override
  public int probe(byte[] head, int length, String fileName) {
    return IdBlock.hasMagic(head, length) ? 100 : 0;
  }

  @Override
  public boolean needsRandomAccess() {
    return true;
  }

  @Override
  public FrameReader open(LogSource source, ReadOptions options) throws IOException {
    return Mdf4Reader.open(input(source, options), options);
  }

  /** The source as random-access bytes: the file itself, or a stream spooled to memory/disk. */
  static ByteInput input(LogSource source, ReadOptions options) throws IOException {
    if (source.path() != null) {
      return new FileByteInput(source.path(), source.name());
    }
    try (InputStream in = source.openStream()) {
      return SpooledInput.of(source.name(), in, options.tempDir());
    }
  }
}
