package io.ecugateway.format.canedge;

import io.ecugateway.format.FormatException;
import io.ecugateway.format.LogSource;
import io.ecugateway.format.ReadOptions;
import io.ecugateway.format.mdf4.ByteInput;
import io.ecugateway.format.mdf4.SpooledInput;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Unwraps a CANedge container file layer by layer until the MDF inside: .MFE is encrypted MDF, .MFC
 * compressed MDF, .MFM encrypted compressed MDF. Each layer streams into a {@link SpooledInput}
 * (memory, or a temporary file when large), so memory stays bounded.
 */
final class CanedgeContainer {
  /** Decompressed output larger than this is treated as corrupt input. */
  static final long MAX_DECOMPRESSED = 16L << 30;

  private static final int MAX_LAYERS = 2;

  private CanedgeContainer() {}

  /**
   * The MDF image inside {@code source}; the serial from the outer header is stored in {@code
   * serial[0]}.
   */
  static ByteInput unwrap(LogSource source, ReadOptions options, String[] serial)
      throws IOException {
    String file = source.name();
    InputStream in = new BufferedInputStream(source.openStream(), 1 << 16);
    try {
      for (int layer = 0; layer <= MAX_LAYERS; layer++) {
        in.mark(GenericFileHeader.SIZE);
        byte[] head = in.readNBytes(GenericFileHeader.SIZE);
        GenericFileHeader h = GenericFileHeader.parse(head, head.length);
        in.reset();
        if (h == null) {
          if (layer == 0) {
            throw new FormatException(file, 0, "expected a CANedge \"Generic File\" header");
          }
          return spool(file, in, options);
        }
        if (serial[0] == null) {
          serial[0] = h.deviceSerial();
        }
        if (h.algorithm() != GenericFileHeader.ALGORITHM_DEFAULT) {
          throw new FormatException(file, 15, "unknown CANedge algorithm id " + h.algorithm());
        }
        ByteInput next;
        if (h.isCompressed()) {
          next = decompress(file, in, options);
        } else if (h.isEncrypted()) {
          next = decrypt(file, in, options, h);
        } else {
          throw new FormatException(
              file,
              14,
              String.format(
                  "unknown CANedge content type 0x%02X (0x22 compressed, 0x11 encrypted)",
                  h.type()));
        }
        in.close();
        in = new BufferedInputStream(new ByteInputStream(next), 1 << 16);
        if (layer == MAX_LAYERS) {
          break;
        }
        // the next layer's name for errors stays the user's file name
      }
      throw new FormatException(file, 0, "more than " + MAX_LAYERS + " nested CANedge layers");
    } finally {
      in.close();
    }
  }

  private static ByteInput spool(String file, InputStream in, ReadOptions options)
      throws IOException {
    return SpooledInput.of(file, in, options.tempDir());
  }

  private static ByteInput decompress(String file, InputStream in, ReadOptions options)
      throws IOException {
    byte[] head = in.readNBytes(HeatshrinkHeader.SIZE);
    HeatshrinkHeader hs = HeatshrinkHeader.parse(file, head, head.length);
    SpooledInput out = new SpooledInput(file, options.tempDir());
    try (out) {
      Heatshrink.decompress(in, out, hs.windowBits(), hs.lookaheadBits(), MAX_DECOMPRESSED);
    } catch (Heatshrink.OutputLimitException e) {
      out.discard();
      throw new FormatException(
          file, HeatshrinkHeader.SIZE, e.getMessage() + ": corrupt compressed data");
    } catch (IOException | RuntimeException e) {
      out.discard();
      throw e;
    }
    return out.toInput();
  }

  private static ByteInput decrypt(
      String file, InputStream in, ReadOptions options, GenericFileHeader g) throws IOException {
    byte[] head = in.readNBytes(EncryptionHeader.SIZE);
    EncryptionHeader h = EncryptionHeader.parse(file, head, head.length);
    String password = Passwords.find(options.passwords(), g.deviceSerial());
    if (password == null) {
      throw new FormatException(
          file,
          16,
          "encrypted by device "
              + g.deviceSerial()
              + ": no password for it (give passwords.json with \""
              + g.deviceSerial()
              + "\" or \"default\")");
    }
    SpooledInput out = new SpooledInput(file, options.tempDir());
    try (out) {
      AesGcmFile.decrypt(file, h, password, in, out);
    } catch (IOException | RuntimeException e) {
      out.discard();
      throw e;
    }
    return out.toInput();
  }
}
