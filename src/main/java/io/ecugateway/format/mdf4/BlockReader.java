package io.ecugateway.format.mdf4;

import io.ecugateway.format.FormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads and validates blocks: every offset, length and link count is checked against the file
 * before anything is allocated, so a corrupt or hostile file yields a {@link FormatException}
 * naming the offset, never an OOM. Also counts the blocks read, bounding the work a file with link
 * cycles or absurd block counts can cause.
 */
final class BlockReader {
  /** Metadata blocks (CN, CC, TX, MD...) are small; anything bigger is corrupt. */
  static final long MAX_METADATA_BLOCK = 16L << 20;

  private static final long MAX_LINKS = 1 << 20;
  private static final long MAX_BLOCKS = 4_000_000;

  private final ByteInput in;
  private final byte[] header = new byte[Block.HEADER_SIZE];
  private long blocksRead;

  BlockReader(ByteInput in) {
    this.in = in;
  }

  ByteInput input() {
    return in;
  }

  String file() {
    return in.name();
  }

  FormatException error(long offset, String message) {
    return new FormatException(in.name(), offset, message);
  }

  /** Reads a whole metadata block whose id must be one of {@code expected} (e.g. "CN"). */
  Block read(long offset, String... expected) throws IOException {
    return read(offset, true, expected);
  }

  /** Reads header and links only (data blocks, whose payload is streamed). */
  Block readHeader(long offset, String... expected) throws IOException {
    return read(offset, false, expected);
  }

  private Block read(long offset, boolean withData, String... expected) throws IOException {
    if (++blocksRead > MAX_BLOCKS) {
      throw error(offset, "more than " + MAX_BLOCKS + " blocks: corrupt file or link cycle");
    }
    if (offset < 64 || offset > in.size() - Block.HEADER_SIZE) {
      throw error(offset, "block link points outside the file (size " + in.size() + ")");
    }
    in.readFully(offset, header, 0, Block.HEADER_SIZE);
    ByteBuffer h = ByteBuffer.wrap(header).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    String id = blockId(offset);
    if (!isExpected(id, expected)) {
      throw error(
          offset, "expected block ##" + String.join("/##", expected) + ", found " + quoted());
    }
    long length = h.getLong(8);
    long linkCount = h.getLong(16);
    if (linkCount < 0 || linkCount > MAX_LINKS) {
      throw error(offset, "##" + id + " block has an invalid link count " + linkCount);
    }
    long minLength = Block.HEADER_SIZE + 8 * linkCount;
    if (length < minLength) {
      throw error(offset, "##" + id + " block length " + length + " < " + minLength);
    }
    long available = in.size() - offset;
    if (minLength > available) {
      throw error(offset, "##" + id + " block links run past the end of the file");
    }
    long dataLength = length - minLength;
    if (withData && (length > available || length > MAX_METADATA_BLOCK)) {
      throw error(
          offset,
          "##"
              + id
              + " block length "
              + length
              + " exceeds "
              + (length > available
                  ? "the file (" + available + " bytes left)"
                  : "the metadata limit"));
    }
    byte[] body = new byte[(int) (8 * linkCount + (withData ? dataLength : 0))];
    in.readFully(offset + Block.HEADER_SIZE, body, 0, body.length);
    ByteBuffer b = ByteBuffer.wrap(body).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    long[] links = new long[(int) linkCount];
    for (int i = 0; i < links.length; i++) {
      links[i] = b.getLong(8 * i);
    }
    ByteBuffer data = withData ? b.position(8 * links.length).slice() : ByteBuffer.allocate(0);
    return new Block(id, offset, length, links, data);
  }

  private String blockId(long offset) throws FormatException {
    if (header[0] != '#' || header[1] != '#') {
      throw error(offset, "expected a block (##..), found " + quoted());
    }
    return new String(header, 2, 2, StandardCharsets.ISO_8859_1);
  }

  private String quoted() {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < 4; i++) {
      int c = header[i] & 0xFF;
      sb.append(c >= 32 && c < 127 ? String.valueOf((char) c) : String.format("\\x%02X", c));
    }
    return sb.append('"').toString();
  }

  private static boolean isExpected(String id, String[] expected) {
    for (String e : expected) {
      if (e.equals(id)) {
        return true;
      }
    }
    return expected.length == 0;
  }

  /** Text of a TX or MD block (UTF-8, up to the first NUL); null for a nil link. */
  String text(long offset) throws IOException {
    if (offset == 0) {
      return null;
    }
    Block b = read(offset, "TX", "MD");
    ByteBuffer d = b.data();
    int n = 0;
    while (n < d.limit() && d.get(n) != 0) {
      n++;
    }
    byte[] s = new byte[n];
    d.get(0, s);
    return new String(s, StandardCharsets.UTF_8);
  }

  /** Guards a linked-list walk (next links) against cycles. */
  static final class ChainGuard {
    private final Set<Long> seen = new HashSet<>();
    private final BlockReader reader;

    ChainGuard(BlockReader reader) {
      this.reader = reader;
    }

    void visit(long offset, String what) throws FormatException {
      if (!seen.add(offset)) {
        throw reader.error(offset, "link cycle in the " + what + " chain");
      }
    }
  }
}
