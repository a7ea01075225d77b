package io.ecugateway.format.canedge;

import io.ecugateway.format.FrameFormat;
import io.ecugateway.format.FrameReader;
import io.ecugateway.format.LogMetadata;
import io.ecugateway.format.LogSource;
import io.ecugateway.format.ReadOptions;
import io.ecugateway.format.mdf4.ByteInput;
import io.ecugateway.format.mdf4.Mdf4Reader;
import java.io.IOException;
import java.util.Locale;

/**
 * CANedge container formats: {@code mfc} (heatshrink-compressed MDF), {@code mfe} (AES-GCM
 * encrypted MDF) and {@code mfm} (encrypted, then compressed inside). All three unwrap whatever
 * layers the file has, so a mislabelled file still reads; the names only steer detection, where the
 * encrypted header alone cannot tell .MFE from .MFM and the file name decides.
 */
public abstract sealed class CanedgeFormat implements FrameFormat
    permits CanedgeFormat.Mfc, CanedgeFormat.Mfe, CanedgeFormat.Mfm {
  private final String name;
  private final int order;

  private CanedgeFormat(String name, int order) {
    this.name = name;
    this.order = order;
  }

  /** {@code mfc}; one class per name because {@link java.util.ServiceLoader} needs one. */
  public static final class Mfc extends CanedgeFormat {
    public Mfc() {
      super("mfc", 200);
    }
  }

  /** {@code mfe}. */
  public static final class Mfe extends CanedgeFormat {
    public Mfe() {
      super("mfe", 210);
    }
  }

  /** {@code mfm}. */
  public static final class Mfm extends CanedgeFormat {
    public Mfm() {
      super("mfm", 220);
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int order() {
    return order;
  }

  @Override
  public int probe(byte[] head, int length, String fileName) {
    GenericFileHeader h = GenericFileHeader.parse(head, length);
    if (h == null) {
      return 0;
    }
    boolean mfmName = fileName != null && fileName.toUpperCase(Locale.ROOT).endsWith(".MFM");
    return switch (name) {
      case "mfc" -> h.isCompressed() ? 100 : 0;
      case "mfe" -> h.isEncrypted() ? (mfmName ? 90 : 100) : 0;
      default -> h.isEncrypted() ? (mfmName ? 100 : 90) : 0;
    };
  }

  /**
   * The MDF image inside a CANedge container (decompressed and/or decrypted), e.g. to convert a
   * .MFC to .MF4 or to measure parsing separately from decompression.
   */
  public static ByteInput unwrap(LogSource source, ReadOptions options) throws IOException {
    return CanedgeContainer.unwrap(source, options, new String[1]);
  }

  @Override
  public FrameReader open(LogSource source, ReadOptions options) throws IOException {
    String[] serial = new String[1];
    FrameReader r = Mdf4Reader.open(CanedgeContainer.unwrap(source, options, serial), options);
    r.metadata().put(LogMetadata.FORMAT, name);
    r.metadata().put("container_serial", serial[0]);
    return r;
  }
}
