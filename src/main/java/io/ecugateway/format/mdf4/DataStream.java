package io.ecugateway.format.mdf4;

import io.ecugateway.format.FormatException;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * The bytes of a data block chain (DT or SD data, directly, through DL lists, HL headers or DZ
 * compression) as one sequential stream. Raw blocks are read straight from the input in the
 * caller's chunks; only a DZ block is inflated into memory, bounded by its size. In an unfinalized
 * file the last data block's length field is not updated, so its data runs to the end of the file.
 */
final class DataStream {
  private final BlockReader r;
  private final String dataType;
  private final boolean unfinalized;
  private final Consumer<String> warnings;
  private final BlockReader.ChainGuard dlGuard;

  // pending data-block links: either the single first link or the entries of the current DL
  private long[] links;
  private int linkIndex;
  private long nextDl;

  // current raw segment
  private long rawPos;
  private long rawEnd;
  // current inflated segment
  private byte[] inflated;
  private int inflatedPos;
  private int inflatedEnd;
  private boolean inflatedActive;

  private long blockOffset;
  private long consumed;
  private long segmentStreamStart;
  private long segmentFileStart = -1;

  DataStream(
      BlockReader r, long first, String dataType, boolean unfinalized, Consumer<String> warnings)
      throws IOException {
    this.r = r;
    this.dataType = dataType;
    this.unfinalized = unfinalized;
    this.warnings = warnings;
    this.dlGuard = new BlockReader.ChainGuard(r);
    this.links = new long[0];
    this.nextDl = 0;
    if (first != 0) {
      enqueue(first);
    }
  }

  /** Offset of the data block currently read, for error messages. */
  long blockOffset() {
    return blockOffset;
  }

  /**
   * File offset of stream byte {@code streamPos} if it lies in the current raw block, else the
   * offset of the block it came from (a DZ block), for error messages.
   */
  long fileOffsetOf(long streamPos) {
    if (segmentFileStart >= 0 && streamPos >= segmentStreamStart) {
      return segmentFileStart + (streamPos - segmentStreamStart);
    }
    return blockOffset;
  }

  /** Bytes delivered so far. */
  long position() {
    return consumed;
  }

  /** Fills up to {@code len} bytes; -1 at the end of the chain. */
  int read(byte[] dst, int off, int len) throws IOException {
    while (true) {
      if (inflatedActive) {
        if (inflatedPos < inflatedEnd) {
          int n = Math.min(len, inflatedEnd - inflatedPos);
          System.arraycopy(inflated, inflatedPos, dst, off, n);
          inflatedPos += n;
          consumed += n;
          return n;
        }
        inflatedActive = false;
      } else if (rawPos < rawEnd) {
        int want = (int) Math.min(len, rawEnd - rawPos);
        int n = r.input().read(rawPos, dst, off, want);
        if (n <= 0) {
          warnings.accept(r.file() + ": data block at offset " + blockOffset + " ends early");
          rawEnd = rawPos;
          continue;
        }
        rawPos += n;
        consumed += n;
        return n;
      }
      if (!openNext()) {
        return -1;
      }
    }
  }

  /** Skips {@code n} bytes (used by signal-data lookups). */
  void skip(long n, byte[] scratch) throws IOException {
    while (n > 0) {
      if (!inflatedActive && rawPos < rawEnd) {
        long k = Math.min(n, rawEnd - rawPos);
        rawPos += k;
        consumed += k;
        n -= k;
        continue;
      }
      int got = read(scratch, 0, (int) Math.min(n, scratch.length));
      if (got < 0) {
        return;
      }
      n -= got;
    }
  }

  private void enqueue(long link) throws IOException {
    links = new long[] {link};
    linkIndex = 0;
  }

  private boolean openNext() throws IOException {
    while (linkIndex >= links.length) {
      if (nextDl == 0) {
        return false;
      }
      readList(nextDl);
    }
    long link = links[linkIndex++];
    if (link == 0) {
      return true;
    }
    Block b = r.readHeader(link, dataType, "DZ", "DL", "HL");
    blockOffset = link;
    switch (b.id()) {
      case "DL" -> {
        // the DL's entries replace the current list; remaining entries after a nested DL are
        // not expected in valid files
        readList(link);
      }
      case "HL" -> {
        Block hl = r.read(link, "HL");
        links = new long[0];
        linkIndex = 0;
        nextDl = hl.link(0);
      }
      case "DZ" -> {
        inflated = DzBlock.inflate(r, b, dataType, inflated);
        inflatedPos = 0;
        inflatedEnd = DzBlock.originalLength(r, b);
        inflatedActive = true;
        segmentFileStart = -1;
      }
      default -> openRaw(b);
    }
    return true;
  }

  private void openRaw(Block b) throws FormatException {
    boolean last = linkIndex >= links.length && nextDl == 0;
    long start = b.dataOffset();
    long fileEnd = r.input().size();
    long end = b.offset() + b.length();
    if (unfinalized && last) {
      end = fileEnd;
    } else if (end > fileEnd) {
      warnings.accept(
          r.file()
              + ": ##"
              + b.id()
              + " block at offset "
              + b.offset()
              + " claims "
              + b.length()
              + " bytes but the file ends after "
              + (fileEnd - b.offset())
              + " (truncated file)");
      end = fileEnd;
    }
    rawPos = start;
    rawEnd = Math.max(start, end);
    segmentStreamStart = consumed;
    segmentFileStart = start;
  }

  private void readList(long dlOffset) throws IOException {
    dlGuard.visit(dlOffset, "##DL");
    Block dl = r.read(dlOffset, "DL");
    long count = dl.u32(4);
    if (count > dl.links().length - 1) {
      throw r.error(
          dlOffset,
          "##DL lists " + count + " blocks but has " + (dl.links().length - 1) + " links");
    }
    links = new long[(int) count];
    for (int i = 0; i < count; i++) {
      links[i] = dl.link(1 + i);
    }
    linkIndex = 0;
    nextDl = dl.link(0);
  }
}
