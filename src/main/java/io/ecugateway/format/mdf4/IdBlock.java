package io.ecugateway.format.mdf4;

import io.ecugateway.format.FormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The 64-byte file identification at offset 0: {@code "MDF "} for a finalized file, {@code "UnFinMF
 * "} for one the logger has not finalized (its last data block runs to the end of the file and
 * cycle counters are unset).
 */
record IdBlock(boolean finalized, String versionText, int version, String program, int unfinFlags) {
  static final int SIZE = 64;
  static final String MAGIC = "MDF     ";
  static final String MAGIC_UNFINALIZED = "UnFinMF ";

  static IdBlock read(ByteInput in) throws IOException {
    if (in.size() < SIZE + Block.HEADER_SIZE) {
      throw new FormatException(
          in.name(), 0, "too short for an MDF file (" + in.size() + " bytes)");
    }
    byte[] b = new byte[SIZE];
    in.readFully(0, b, 0, SIZE);
    String magic = new String(b, 0, 8, StandardCharsets.ISO_8859_1);
    boolean fin = magic.equals(MAGIC);
    if (!fin && !magic.equals(MAGIC_UNFINALIZED)) {
      throw new FormatException(
          in.name(),
          0,
          "expected MDF magic \"MDF     \" or \"UnFinMF \", found \"" + printable(magic) + "\"");
    }
    ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    int version = bb.getShort(28) & 0xFFFF;
    if (version < 400 || version >= 500) {
      throw new FormatException(
          in.name(), 28, "unsupported MDF version " + version + " (need 4.x)");
    }
    String versionText = new String(b, 8, 8, StandardCharsets.ISO_8859_1).trim();
    String program = new String(b, 16, 8, StandardCharsets.ISO_8859_1).replace('\0', ' ').trim();
    return new IdBlock(fin, versionText, version, program, bb.getShort(60) & 0xFFFF);
  }

  static boolean hasMagic(byte[] head, int length) {
    if (length < 8) {
      return false;
    }
    String m = new String(head, 0, 8, StandardCharsets.ISO_8859_1);
    return m.equals(MAGIC) || m.equals(MAGIC_UNFINALIZED);
  }

  private static String printable(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      sb.append(c >= 32 && c < 127 ? String.valueOf(c) : String.format("\\x%02X", (int) c));
    }
    return sb.toString();
  }
}
