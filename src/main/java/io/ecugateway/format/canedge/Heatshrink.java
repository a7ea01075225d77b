package io.ecugateway.format.canedge;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Heatshrink (LZSS) decompression as CANedge .MFC files use it. The stream is a sequence of bits,
 * most significant first: tag 1 + 8 bits is a literal byte; tag 0 + {@code windowBits} bits of
 * (distance - 1) + {@code lookaheadBits} bits of (length - 1) copies earlier output. The window
 * starts zero-filled, like the reference decoder's. Leftover bits too few for a whole element are
 * the encoder's padding. Memory: one window ring ({@code 2^windowBits} bytes) plus I/O buffers.
 */
final class Heatshrink {
  static final int MIN_WINDOW_BITS = 4;
  static final int MAX_WINDOW_BITS = 15;
  static final int MIN_LOOKAHEAD_BITS = 3;

  private final InputStream in;
  private final int windowBits;
  private final int lookaheadBits;
  private final byte[] inBuf = new byte[64 * 1024];
  private int inPos;
  private int inLen;
  private long bitBuffer;
  private int bitCount;
  private boolean inputDone;

  private Heatshrink(InputStream in, int windowBits, int lookaheadBits) {
    this.in = in;
    this.windowBits = windowBits;
    this.lookaheadBits = lookaheadBits;
  }

  /**
   * Decompresses all of {@code in} into {@code out}.
   *
   * @throws IllegalArgumentException for parameters outside heatshrink's range
   * @throws OutputLimitException when more than {@code maxOutput} bytes come out
   */
  static long decompress(
      InputStream in, OutputStream out, int windowBits, int lookaheadBits, long maxOutput)
      throws IOException {
    if (windowBits < MIN_WINDOW_BITS || windowBits > MAX_WINDOW_BITS) {
      throw new IllegalArgumentException("heatshrink window bits " + windowBits + " not in 4..15");
    }
    if (lookaheadBits < MIN_LOOKAHEAD_BITS || lookaheadBits >= windowBits) {
      throw new IllegalArgumentException(
          "heatshrink lookahead bits " + lookaheadBits + " not in 3.." + (windowBits - 1));
    }
    return new Heatshrink(in, windowBits, lookaheadBits).run(out, maxOutput);
  }

  private long run(OutputStream out, long maxOutput) throws IOException {
    int size = 1 << windowBits;
    int mask = size - 1;
    byte[] window = new byte[size];
    byte[] outBuf = new byte[64 * 1024];
    int outLen = 0;
    int head = 0;
    long total = 0;
    int backrefBits = windowBits + lookaheadBits;
    while (true) {
      if (!fill(1)) {
        break;
      }
      if (take(1) == 1) {
        if (!fill(8)) {
          break;
        }
        byte b = (byte) take(8);
        window[head] = b;
        head = (head + 1) & mask;
        outBuf[outLen++] = b;
        total++;
      } else {
        if (!fill(backrefBits)) {
          break;
        }
        int distance = take(windowBits) + 1;
        int count = take(lookaheadBits) + 1;
        for (int i = 0; i < count; i++) {
          byte b = window[(head - distance) & mask];
          window[head] = b;
          head = (head + 1) & mask;
          outBuf[outLen++] = b;
          if (outLen == outBuf.length) {
            out.write(outBuf, 0, outLen);
            outLen = 0;
          }
        }
        total += count;
      }
      if (total > maxOutput) {
        throw new OutputLimitException(maxOutput);
      }
      if (outLen >= outBuf.length - 1) {
        out.write(outBuf, 0, outLen);
        outLen = 0;
      }
    }
    out.write(outBuf, 0, outLen);
    return total;
  }

  /** The output grew past the caller's limit (a corrupt or hostile stream). */
  static final class OutputLimitException extends IOException {
    OutputLimitException(long limit) {
      super("decompressed data exceeds " + limit + " bytes");
    }
  }

  /** Makes {@code n} bits available; false if the input ends first (padding). */
  private boolean fill(int n) throws IOException {
    while (bitCount < n) {
      if (inPos == inLen) {
        if (inputDone) {
          return false;
        }
        inLen = in.read(inBuf);
        inPos = 0;
        if (inLen <= 0) {
          inLen = 0;
          inputDone = true;
          return false;
        }
      }
      bitBuffer = (bitBuffer << 8) | (inBuf[inPos++] & 0xFF);
      bitCount += 8;
    }
    return true;
  }

  private int take(int n) {
    bitCount -= n;
    return (int) ((bitBuffer >>> bitCount) & ((1L << n) - 1));
  }
}
