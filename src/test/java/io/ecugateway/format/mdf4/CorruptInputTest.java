package io.ecugateway.format.mdf4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ecugateway.format.FormatException;
import io.ecugateway.testing.SharedData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Corrupt structure in a real CANedge file (fw 01.03, unsorted, VLSD payloads) gives a
 * FormatException naming the file and the offset of the bad block — never an OOM, a hang or an
 * unchecked exception.
 */
class CorruptInputTest {
  private static final String NAME = "corrupt.MF4";
  private byte[] f;
  private long dg;
  private long cg;
  private long cn;
  private long dt;

  @BeforeEach
  void load() throws Exception {
    f = Files.readAllBytes(SharedData.require("canedge/LOG/00000000/00000048/00000001.MF4"));
    dg = MdfBytes.firstDg(f);
    cg = MdfBytes.link(f, dg, 1);
    cn = MdfBytes.link(f, cg, 1);
    dt = MdfBytes.link(f, dg, 2);
  }

  private FormatException fails() {
    return assertThrows(
        FormatException.class,
        () -> {
          try (Mdf4Reader r = MdfBytes.open(f, f.length, NAME, w -> {})) {
            MdfBytes.readAll(r);
          }
        });
  }

  private void failsAt(long offset, String messagePart) {
    FormatException e = fails();
    assertEquals(NAME, e.file());
    assertEquals(offset, e.position(), e.getMessage());
    assertTrue(e.getMessage().startsWith(NAME + ": offset " + offset + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(messagePart), e.getMessage());
  }

  @Test
  void wrongMagic() {
    System.arraycopy("NOT AMDF".getBytes(StandardCharsets.US_ASCII), 0, f, 0, 8);
    failsAt(0, "expected MDF magic \"MDF     \" or \"UnFinMF \", found \"NOT AMDF\"");
  }

  @Test
  void wrongBlockId() {
    f[(int) cg + 2] = 'X';
    failsAt(cg, "expected block ##CG, found \"##XG\"");
  }

  @Test
  void blockLengthTwoToThe62() {
    MdfBytes.putU64(f, cg + 8, 1L << 62);
    failsAt(cg, "block length 4611686018427387904 exceeds the file");
  }

  @Test
  void absurdLinkCount() {
    MdfBytes.putU64(f, cn + 16, 1L << 40);
    failsAt(cn, "invalid link count");
  }

  @Test
  void linkOutsideTheFile() {
    MdfBytes.setLink(f, dg, 2, f.length + 4096L);
    failsAt(f.length + 4096L, "outside the file");
  }

  @Test
  void channelChainCycle() {
    MdfBytes.setLink(f, cn, 0, cn);
    failsAt(cn, "link cycle in the ##CN chain");
  }

  @Test
  void channelGroupChainCycle() {
    long second = MdfBytes.link(f, cg, 0);
    MdfBytes.setLink(f, second, 0, cg);
    failsAt(cg, "link cycle in the ##CG chain");
  }

  @Test
  void dataGroupChainCycle() {
    MdfBytes.setLink(f, dg, 0, dg);
    failsAt(dg, "link cycle in the ##DG chain");
  }

  @Test
  void compositionCycle() {
    long composed = MdfBytes.link(f, cn, 0); // CAN_DataFrame, parent of the bus fields
    long child = MdfBytes.link(f, composed, 1);
    MdfBytes.setLink(f, child, 1, composed);
    failsAt(composed, "link cycle in the ##CN chain");
  }

  @Test
  void channelOutsideItsRecord() {
    long composed = MdfBytes.link(f, cn, 0);
    long child = MdfBytes.link(f, composed, 1);
    MdfBytes.putU32(f, MdfBytes.dataOf(f, child) + 4, 1000); // byte offset
    failsAt(child, "lies outside its");
  }

  @Test
  void unknownRecordId() {
    long firstRecord = MdfBytes.dataOf(f, dt);
    f[(int) firstRecord] = (byte) 0xEE;
    failsAt(firstRecord, "unknown record id 238");
  }

  @Test
  void hugeVlsdLength() {
    // first record: CAN_DataFrame (id 1, 22 bytes), then its VLSD entry (id 2, uint32 length)
    long vlsd = MdfBytes.dataOf(f, dt) + 1 + 22;
    assertEquals(2, f[(int) vlsd]);
    MdfBytes.putU32(f, vlsd + 1, 0xFFFF_FFF0L);
    failsAt(vlsd, "VLSD entry of 4294967280 bytes");
  }

  @Test
  void tooShortForMdf() {
    FormatException e =
        assertThrows(FormatException.class, () -> MdfBytes.open(f, 40, NAME, w -> {}));
    assertEquals(NAME + ": offset 0: too short for an MDF file (40 bytes)", e.getMessage());
  }

  @Test
  void truncatedMetadataIsAnError() {
    List<String> warnings = new ArrayList<>();
    Consumer<String> sink = warnings::add;
    FormatException e =
        assertThrows(FormatException.class, () -> MdfBytes.open(f, (int) cn + 40, NAME, sink));
    assertTrue(e.getMessage().startsWith(NAME + ": offset "), e.getMessage());
  }
}
