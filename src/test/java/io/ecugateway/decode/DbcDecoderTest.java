package io.ecugateway.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ecugateway.dbc.Dbc;
import io.ecugateway.dbc.DbcParser;
import io.ecugateway.frame.CanFrame;
import java.lang.management.ManagementFactory;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Decoding features with values worked out by hand (see the comment next to each assertion). */
class DbcDecoderTest {

  private static DbcDecoder compile(String dbc) throws Exception {
    return DbcDecoder.compile(DbcParser.parse("t.dbc", dbc));
  }

  /** Present signals as name → value (Long for integer values, Double otherwise). */
  private static Map<String, Object> decode(DbcDecoder d, int id, boolean ext, String hex) {
    byte[] data = HexFormat.of().parseHex(hex);
    return decode(d, id, ext, data, data.length);
  }

  private static Map<String, Object> decode(
      DbcDecoder d, int id, boolean ext, byte[] data, int len) {
    DecodeResult r = d.newResult();
    if (!d.decode(id, ext, data, len, r)) {
      return null;
    }
    Map<String, Object> m = new TreeMap<>();
    for (int k = 0; k < r.count(); k++) {
      int i = r.signalIndex(k);
      Object v;
      if (r.isInteger(i)) {
        v = r.isUnsignedLong(i) ? Long.toUnsignedString(r.longValue(i)) : (Object) r.longValue(i);
      } else {
        v = r.value(i);
      }
      m.put(r.signal(i).name(), v);
    }
    return m;
  }

  private static final String BASIC =
      """
      BO_ 291 Basic: 8 N
       SG_ LE12 : 4|12@1+ (1,0) [0|0] "" N
       SG_ BE12 : 23|12@0+ (1,0) [0|0] "" N
       SG_ S8 : 40|8@1- (1,0) [0|0] "" N
       SG_ Scaled : 48|8@1+ (0.5,10) [0|0] "" N
       SG_ IntScaled : 56|8@1+ (2,-100) [0|0] "km" N
      VAL_ 291 S8 -2 "minus two" 0 "zero";
      """;

  @Test
  void littleAndBigEndianSignedScaled() throws Exception {
    DbcDecoder d = compile(BASIC);
    Map<String, Object> v = decode(d, 0x123, false, "1234ABCD00FE0540");
    // LE12: LE bytes 12 34 = 0x3412, bits 4..15 = 0x341 = 833.
    // BE12: MSB = byte 2 bit 7: 0xAB then the high nibble of 0xCD = 0xABC = 2748.
    // S8: 0xFE signed = -2. Scaled: 5 * 0.5 + 10 = 12.5. IntScaled: 64 * 2 - 100 = 28 (integer).
    assertEquals(
        Map.of("LE12", 833L, "BE12", 2748L, "S8", -2L, "Scaled", 12.5, "IntScaled", 28L), v);
    DecodeResult r = d.newResult();
    d.decode(0x123, false, HexFormat.of().parseHex("1234ABCD00FE0540"), 8, r);
    assertEquals("Basic", r.messageName());
    assertEquals("minus two", r.label(2));
    assertEquals(-2, r.raw(2));
    assertEquals("km", r.unit(4));
    assertEquals(64, r.raw(4));
    assertEquals(-1, r.sourceAddress());
  }

  @Test
  void shortFramesDecodeOnlyTheSignalsThatFitAndLongerFramesAreFine() throws Exception {
    DbcDecoder d = compile(BASIC);
    assertEquals(Map.of("LE12", 833L, "BE12", 2748L), decode(d, 0x123, false, "1234ABCD00"));
    assertEquals(Map.of(), decode(d, 0x123, false, ""));
    assertEquals(5, decode(d, 0x123, false, "1234ABCD00FE0540FFFFFFFF").size());
    assertNull(decode(d, 0x124, false, "00"), "unknown id");
    assertNull(decode(d, 0x123, true, "00"), "same id but extended");
  }

  @Test
  void sixtyFourBitSignalsIncludingNineByteSpans() throws Exception {
    DbcDecoder d =
        compile(
            """
            BO_ 1 Wide: 16 N
             SG_ U64 : 0|64@1+ (1,0) [0|0] "" N
             SG_ S64 : 71|64@0- (1,0) [0|0] "" N
            BO_ 2 SpanLE: 9 N
             SG_ V : 4|64@1+ (1,0) [0|0] "" N
            BO_ 3 SpanBE: 9 N
             SG_ V : 3|64@0+ (1,0) [0|0] "" N
            BO_ 4 Scaled64: 8 N
             SG_ V : 0|64@1+ (2,0) [0|0] "" N
            """);
    assertEquals(
        Map.of("U64", "18446744073709551615", "S64", -2L),
        decode(d, 1, false, "FFFFFFFFFFFFFFFF" + "FFFFFFFFFFFFFFFE"));
    // LE: 72-bit value 0x0F_00000000000000_F0 >> 4 = 0xF00000000000000F.
    assertEquals(Map.of("V", "17293822569102704655"), decode(d, 2, false, "F0000000000000000F"));
    // BE: sequential bits 4..67 = low nibble of byte 0, bytes 1..7, high nibble of byte 8.
    assertEquals(Map.of("V", "17293822569102704655"), decode(d, 3, false, "0F00000000000000F0"));
    // Integer factor on a 64-bit raw could overflow a long: falls back to double (2^64-1)*2.
    assertEquals(Map.of("V", 0x1p65), decode(d, 4, false, "FFFFFFFFFFFFFFFF"));
  }

  @Test
  void ieeeFloats() throws Exception {
    DbcDecoder d =
        compile(
            """
            BO_ 5 Floats: 16 N
             SG_ F32 : 0|32@1- (1,0) [0|0] "" N
             SG_ F64 : 71|64@0- (1,0) [0|0] "" N
             SG_ F32S : 32|32@1- (2,1) [0|0] "" N
            SIG_VALTYPE_ 5 F32 : 1;
            SIG_VALTYPE_ 5 F64 : 2;
            SIG_VALTYPE_ 5 F32S : 1;
            """);
    // 1.5f = 0x3FC00000 (LE bytes 00 00 C0 3F); 1.25 = 0x3FF4000000000000 (BE); F32S 2.0f*2+1 = 5.
    Map<String, Object> v = decode(d, 5, false, "0000C03F00000040" + "3FF4000000000000");
    assertEquals(Map.of("F32", 1.5, "F64", 1.25, "F32S", 5.0), v);
    DecodeResult r = d.newResult();
    d.decode(5, false, HexFormat.of().parseHex("0000C07F000080FF" + "7FF0000000000000"), 16, r);
    assertTrue(Double.isNaN(r.value(0)));
    assertEquals(Double.NEGATIVE_INFINITY, r.value(2));
    assertEquals(Double.POSITIVE_INFINITY, r.value(1));
    assertTrue(r.isFloat(0));
    assertTrue(Double.isNaN(r.rawFloat(0)));
  }

  @Test
  void simpleMultiplexing() throws Exception {
    DbcDecoder d =
        compile(
            """
            BO_ 16 Mux: 3 N
             SG_ Sel M : 0|8@1+ (1,0) [0|0] "" N
             SG_ A m0 : 8|8@1+ (1,0) [0|0] "" N
             SG_ B m1 : 8|16@1+ (1,0) [0|0] "" N
            """);
    assertEquals(Map.of("Sel", 0L, "A", 0x34L), decode(d, 16, false, "003412"));
    assertEquals(Map.of("Sel", 1L, "B", 0x1234L), decode(d, 16, false, "013412"));
    assertEquals(Map.of("Sel", 7L), decode(d, 16, false, "073412"), "value not in the DBC");
    assertEquals(Map.of("Sel", 1L), decode(d, 16, false, "0134"), "B does not fit");
  }

  @Test
  void extendedCascadedMultiplexing() throws Exception {
    DbcDecoder d =
        compile(
            """
            BO_ 2147483848 Ext: 8 N
             SG_ S0 M : 0|4@1+ (1,0) [0|0] "" N
             SG_ S1 m0M : 4|4@1+ (1,0) [0|0] "" N
             SG_ S2 m1 : 8|8@1+ (1,0) [0|0] "" N
             SG_ S3 m2 : 16|8@1+ (1,0) [0|0] "" N
             SG_ Plain : 24|8@1+ (1,0) [0|0] "" N
            SG_MUL_VAL_ 2147483848 S1 S0 0-0;
            SG_MUL_VAL_ 2147483848 S2 S1 1-1, 4-6;
            SG_MUL_VAL_ 2147483848 S3 S0 2-3;
            """);
    // byte 0 = 0x50: S0 = 0 -> S1 = 5 -> S2 (range 4-6).
    assertEquals(
        Map.of("S0", 0L, "S1", 5L, "S2", 0xAAL, "Plain", 0xCCL), decode(d, 200, true, "50AABBCC"));
    // S0 = 2: S1 absent (needs S0 = 0), so S2 is absent too; S3 in range 2-3.
    assertEquals(Map.of("S0", 2L, "S3", 0xBBL, "Plain", 0xCCL), decode(d, 200, true, "52AABBCC"));
    // S0 = 0, S1 = 3: no S2.
    assertEquals(Map.of("S0", 0L, "S1", 3L, "Plain", 0xCCL), decode(d, 200, true, "30AABBCC"));
  }

  @Test
  void canFdAndLongTransportPayloads() throws Exception {
    DbcDecoder d =
        compile(
            """
            BO_ 1024 Fd: 64 N
             SG_ Tail : 480|32@1+ (1,0) [0|0] "" N
            BO_ 1025 Long: 4000 N
             SG_ Far : 31927|16@0+ (0.1,0) [0|0] "" N
            """);
    byte[] fd = new byte[64];
    fd[60] = 0x78;
    fd[61] = 0x56;
    fd[62] = 0x34;
    fd[63] = 0x12;
    assertEquals(Map.of("Tail", 0x12345678L), decode(d, 1024, false, fd, 64));
    byte[] big = new byte[4096];
    big[3990] = 0x01; // start bit 31927 = byte 3990 bit 7 (MSB), big endian 16 bits
    big[3991] = 0x02;
    assertEquals(Map.of("Far", 0x0102 * 0.1), decode(d, 1025, false, big, 4000));
    assertEquals(Map.of(), decode(d, 1025, false, big, 3991), "payload too short for Far");
  }

  @Test
  void j1939MatchesByPgnAndExposesAddresses() throws Exception {
    Dbc dbc =
        DbcParser.parse(
            "j.dbc",
            """
            BO_ 2364540158 EEC1: 8 N
             SG_ Speed : 24|16@1+ (0.125,0) [0|0] "rpm" N
            BO_ 2348814080 TSC1: 8 N
             SG_ Mode : 0|2@1+ (1,0) [0|0] "" N
            BO_ 2566848513 Plain: 8 N
             SG_ X : 0|8@1+ (1,0) [0|0] "" N
            BA_DEF_ BO_ "VFrameFormat" ENUM "StandardCAN","ExtendedCAN","reserved","J1939PG";
            BA_ "VFrameFormat" BO_ 2364540158 3;
            BA_ "VFrameFormat" BO_ 2348814080 3;
            """);
    DbcDecoder d = DbcDecoder.compile(dbc);
    DecodeResult r = d.newResult();
    byte[] data = HexFormat.of().parseHex("000000D430000000");
    // EEC1 is 0x0CF004FE; a frame with priority 6 and source address 0x17 still matches (PGN F004).
    assertTrue(d.decode(0x18F00417, true, data, 8, r));
    assertEquals("EEC1", r.messageName());
    assertEquals(0x17, r.sourceAddress());
    assertEquals(-1, r.destinationAddress());
    assertEquals(0xF004, r.pgn());
    assertEquals(0x30D4 * 0.125, r.value(0), "1562.5 rpm");
    // TSC1 is PDU1 (PF 0): 0x0C000F00 in the DBC; destination 0xEE and source 0x21 in the frame.
    assertTrue(d.decode(0x0C00EE21, true, data, 8, r));
    assertEquals("TSC1", r.messageName());
    assertEquals(0xEE, r.destinationAddress());
    assertEquals(0x21, r.sourceAddress());
    assertEquals(0, r.pgn());
    // Not J1939: exact identifier only.
    assertTrue(d.decode(0x18FF0001, true, data, 8, r));
    assertFalse(d.decode(0x18FF0002, true, data, 8, r));
    assertFalse(d.decode(0x0CF004FE & 0x7FF, false, data, 8, r));
  }

  @Test
  void j1939PrefersTheMessageWithTheSameSourceAddress() throws Exception {
    DbcDecoder d =
        compile(
            """
            BA_DEF_ "ProtocolType" STRING;
            BA_ "ProtocolType" "J1939";
            BO_ 2364539904 FromEngine: 8 N
             SG_ A : 0|8@1+ (1,0) [0|0] "" N
            BO_ 2364539920 FromRetarder: 8 N
             SG_ B : 0|8@1+ (1,0) [0|0] "" N
            """);
    assertSame(d.lookup(0x18F00400, true), d.codecs().get(0));
    assertSame(d.lookup(0x18F00410, true), d.codecs().get(1));
    assertSame(d.lookup(0x18F00499, true), d.codecs().get(1), "PGN only: the later message");
  }

  @Test
  void decodesCanFramesAndAllocatesNothingPerFrame() throws Exception {
    DbcDecoder d = compile(BASIC);
    CanFrame f = new CanFrame();
    f.id = 0x123;
    f.length = 8;
    System.arraycopy(HexFormat.of().parseHex("1234ABCD00FE0540"), 0, f.data, 0, 8);
    DecodeResult r = d.newResult();
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (int i = 0; i < 200_000; i++) { // warm up
      d.decode(f, r);
      sum += r.count();
    }
    long before = mx.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 1_000_000; i++) {
      f.data[6] = (byte) i;
      d.decode(f, r);
      sum += r.longValue(4);
    }
    long allocated = mx.getCurrentThreadAllocatedBytes() - before;
    assertTrue(sum != 0);
    assertTrue(allocated < 100_000, "allocated " + allocated + " bytes for 1M frames");
  }
}
