package io.ecugateway.dbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hand-written DBC snippets for each statement kind and each real-world variant. */
class DbcParserTest {

  private static final String FULL =
      """
      VERSION "1.2"

      NS_ :
      \tCM_
      \tBA_DEF_
      \tSG_MUL_VAL_

      BS_: 500 : 12,34

      BU_: ECU1 ECU2
      \tGW

      VAL_TABLE_ OnOff 1 "On" 0 "Off" ;

      BO_ 100 Engine: 8 ECU1
       SG_ Speed : 0|16@1+ (0.25,0) [0|16383.75] "rpm" ECU2,GW
       SG_ Temp : 23|8@0- (1,-40) [-40|215] "degC" GW
       SG_ Mux M : 32|8@1+ (1,0) [0|255] "" GW
       SG_ A m0 : 40|8@1+ (1,0) [0|255] "" GW
       SG_ B m1 : 40|16@1+ (1,0) [0|65535] "" GW

      BO_ 2566848513 J1939Msg: 8 ECU2
       SG_ F32 : 0|32@1- (1,0) [0|0] "" Vector__XXX

      BO_TX_BU_ 100 : ECU2,GW;

      EV_ EnvA: 1 [0|10] "V" 2.5 7 DUMMY_NODE_VECTOR0 ECU1, GW;
      ENVVAR_DATA_ EnvA: 4;

      CM_ "the database";
      CM_ BU_ ECU1 "engine ecu";
      CM_ BO_ 100 "engine frame";
      CM_ SG_ 100 Speed "engine
      speed";
      CM_ EV_ EnvA "env comment";
      BA_DEF_ BO_ "GenMsgCycleTime" INT 0 10000;
      BA_DEF_ BO_ "VFrameFormat" ENUM "StandardCAN","ExtendedCAN","reserved","J1939PG";
      BA_DEF_ SG_ "GenSigStartValue" FLOAT 0 1e9;
      BA_DEF_ "BusType" STRING ;
      BA_DEF_REL_ BU_SG_REL_ "SigTimeout" INT 0 100;
      BA_DEF_DEF_ "GenMsgCycleTime" 0;
      BA_DEF_DEF_ "VFrameFormat" "StandardCAN";
      BA_DEF_DEF_ "GenSigStartValue" 0;
      BA_DEF_DEF_ "BusType" "CAN";
      BA_DEF_DEF_REL_ "SigTimeout" 5;
      BA_ "BusType" "CAN FD";
      BA_ "GenMsgCycleTime" BO_ 100 20;
      BA_ "VFrameFormat" BO_ 2566848513 3;
      BA_ "GenSigStartValue" SG_ 100 Temp 40;
      BA_REL_ "SigTimeout" BU_SG_REL_ GW SG_ 100 Speed 10;
      VAL_ 100 Mux 0 "A" 1 "B" ;
      VAL_ EnvA 0 "low" 1 "high";
      SIG_VALTYPE_ 2566848513 F32 : 1;
      SIG_GROUP_ 100 Grp 1 : Speed Temp;
      SG_MUL_VAL_ 100 B Mux 1-1, 5-7;
      SGTYPE_ T1 : 8@1+ (1,0) [0|1] "" 0, OnOff;
      """;

  private static Dbc parse(String text) throws DbcSyntaxException {
    return DbcParser.parse("test.dbc", text);
  }

  @Test
  void readsEveryStatementKind() throws Exception {
    Dbc d = parse(FULL);
    assertEquals("1.2", d.version());
    assertEquals(List.of("CM_", "BA_DEF_", "SG_MUL_VAL_"), d.newSymbols());
    assertEquals(List.of("ECU1", "ECU2", "GW"), d.nodes().stream().map(Node::name).toList());
    assertEquals("engine ecu", d.nodes().get(0).comment());
    assertEquals(Map.of(1L, "On", 0L, "Off"), d.valueTables().get("OnOff"));
    assertEquals("the database", d.comment());
    assertEquals("CAN FD", d.attributes().get("BusType"));
    assertEquals(2, d.messages().size());
    assertEquals(6, d.signalCount());

    Message m = d.message("Engine");
    assertEquals(100, m.id());
    assertFalse(m.extended());
    assertEquals(8, m.length());
    assertEquals(List.of("ECU1", "ECU2", "GW"), m.transmitters());
    assertEquals("engine frame", m.comment());
    assertEquals(20L, m.cycleTimeMs());
    assertEquals("StandardCAN", m.attributes().get("VFrameFormat"));
    assertFalse(m.j1939());
    assertEquals(List.of(new SignalGroup("Grp", 1, List.of("Speed", "Temp"))), m.signalGroups());

    Signal speed = m.signal("Speed");
    assertEquals(0, speed.startBit());
    assertEquals(16, speed.length());
    assertEquals(ByteOrder.LITTLE_ENDIAN, speed.byteOrder());
    assertFalse(speed.signed());
    assertEquals(0.25, speed.factor());
    assertEquals(16383.75, speed.maximum());
    assertEquals("rpm", speed.unit());
    assertEquals(List.of("ECU2", "GW"), speed.receivers());
    assertEquals("engine\nspeed", speed.comment());

    Signal temp = m.signal("Temp");
    assertEquals(ByteOrder.BIG_ENDIAN, temp.byteOrder());
    assertTrue(temp.signed());
    assertEquals(-40.0, temp.offset());
    assertEquals(40.0, temp.attributes().get("GenSigStartValue"), "FLOAT attribute");
    assertEquals(0.0, m.signal("Speed").attributes().get("GenSigStartValue"));

    Signal mux = m.signal("Mux");
    assertTrue(mux.multiplexer());
    assertNull(mux.multiplexerSignal());
    assertEquals(Map.of(0L, "A", 1L, "B"), mux.choices());
    assertEquals("Mux", m.signal("A").multiplexerSignal());
    assertEquals(List.of(new MuxRange(0, 0)), m.signal("A").multiplexerValues());
    // Simple multiplexing plus SG_MUL_VAL_ ranges: both apply.
    assertEquals(
        List.of(new MuxRange(1, 1), new MuxRange(1, 1), new MuxRange(5, 7)),
        m.signal("B").multiplexerValues());

    Message j = d.message("J1939Msg");
    assertTrue(j.extended());
    assertEquals(0x18FF0001, j.id());
    assertEquals("J1939PG", j.attributes().get("VFrameFormat"));
    assertTrue(j.j1939());
    assertEquals(ValueType.FLOAT32, j.signal("F32").valueType());

    EnvironmentVariable env = d.environmentVariables().get(0);
    assertEquals("EnvA", env.name());
    assertEquals(2.5, env.initialValue());
    assertEquals(List.of("ECU1", "GW"), env.accessNodes());
    assertEquals(4, env.dataSize());
    assertEquals("env comment", env.comment());
    assertEquals(Map.of(0L, "low", 1L, "high"), env.choices());
    assertEquals(List.of(), d.warnings(), "a clean file has no warnings");
  }

  @Test
  void acceptsRealWorldVariantsWithWarnings() throws Exception {
    Dbc d =
        parse(
            """
            BO_ 1275 2017_5: 8 XXX
             SG_ 0_COUNTER : 7|4@0+ (.25,-500) [-.5|1547.5] "NM" XXX
             SG_ SIG_B m : 8|8@1+ (1,0) [0|1] "" XXX

            BO_ 274923568 NoFlag: 8 XXX
             SG_ X : 0|8@1+ (1,0) [0|1] "" XXX

            CM_ SG_ 1275 "comment without signal name";
            CM_ 274923568 "bare id comment";
            CM_ BO_ 1275 "missing semicolon"
            VAL_ 1275 0_COUNTER 1 "one" 0 "zero"
            BA_ "Undefined" BO_ 1275 1;
            FOO_BAR_ some unknown section ;
            """);
    Message m = d.message("2017_5");
    assertEquals(0.25, m.signal("0_COUNTER").factor());
    assertEquals(-0.5, m.signal("0_COUNTER").minimum());
    assertEquals("missing semicolon", m.comment());
    assertEquals(Map.of(1L, "one", 0L, "zero"), m.signal("0_COUNTER").choices());
    Message noFlag = d.message("NoFlag");
    assertTrue(noFlag.extended(), "ids above 0x7FF without bit 31 are extended");
    assertEquals(274923568, noFlag.id());
    assertEquals("bare id comment", noFlag.comment());
    String w = d.warnings().toString();
    assertTrue(w.contains("lacks the extended flag"), w);
    assertTrue(w.contains("CM_ SG_ 1275 has no signal name"), w);
    assertTrue(w.contains("lacks the BO_ keyword"), w);
    assertTrue(w.contains("CM_ statement is missing its terminating ';'"), w);
    assertTrue(w.contains("VAL_ statement is missing its terminating ';'"), w);
    assertTrue(w.contains("attribute \"Undefined\" is not defined"), w);
    assertTrue(w.contains("unknown section FOO_BAR_ skipped"), w);
  }

  @Test
  void warnsAboutSemanticProblemsButLoads() throws Exception {
    Dbc d =
        parse(
            """
            BO_ 1 M1: 2 N
             SG_ Long : 0|24@1+ (1,0) [0|0] "" N
             SG_ Dup : 0|4@1+ (1,0) [0|0] "" N
             SG_ Dup : 4|4@1+ (1,0) [0|0] "" N
            BO_ 1 M1: 8 N
             SG_ Huge : 0|2147483647@1+ (1,0) [0|0] "" N
            BO_ 2 Hex: 8 N
             SG_ F : 0|16@1+ (1,0) [0|0] "" N
            SIG_VALTYPE_ 2 F : 1;
            VAL_ 99 Nope 1 "x";
            CM_ SG_ 1 Missing "x";
            """);
    assertEquals(3, d.messages().size());
    String w = d.warnings().toString();
    assertTrue(
        w.contains("signal Long does not fit in message M1 (3 bytes needed, 2 declared)"), w);
    assertTrue(w.contains("duplicate signal name Dup in message M1"), w);
    assertTrue(w.contains("duplicate message name M1"), w);
    assertTrue(w.contains("reuses identifier 1"), w);
    assertTrue(w.contains("signal Huge is 2147483647 bits long"), w);
    assertTrue(w.contains("signal F is FLOAT32 but 16 bits long"), w);
    assertTrue(w.contains("VAL_ refers to unknown message 99"), w);
    assertTrue(w.contains("CM_ SG_ refers to unknown signal Missing of message M1"), w);
    assertTrue(
        w.contains("signals Dup and Long overlap") || w.contains("signals Long and Dup overlap"),
        w);
  }

  @Test
  void syntaxErrorsNameFileLineColumnExpectedAndFound() {
    DbcSyntaxException e =
        assertThrows(
            DbcSyntaxException.class,
            () -> parse("VERSION \"\"\n\nBO_ 100 Msg: 8 N\n SG_ S : 0|8@2+ (1,0) [0|1] \"\" N\n"));
    assertEquals(4, e.line());
    assertEquals(14, e.column());
    assertEquals(
        "test.dbc:4:14: expected byte order and sign (0+, 0-, 1+ or 1-), found '2+'",
        e.getMessage());

    DbcSyntaxException length =
        assertThrows(
            DbcSyntaxException.class,
            () -> parse("BO_ 100 Msg: 8 N\n SG_ S : 0|2147483648@1+ (1,0) [0|1] \"\" N\n"));
    assertEquals(
        "test.dbc:2:12: expected signal length in bits (integer 0..2147483647), found '2147483648'",
        length.getMessage());

    DbcSyntaxException string =
        assertThrows(DbcSyntaxException.class, () -> parse("CM_ BO_ 1 \"never closed;\n"));
    assertEquals("closing '\"' of the string", string.expected());
    assertEquals("end of file", string.found());
    assertEquals(1, string.line());
    assertEquals(11, string.column());

    DbcSyntaxException stray =
        assertThrows(DbcSyntaxException.class, () -> parse("BO_ 1 M: 8 N\n;"));
    assertEquals(2, stray.line());
    assertEquals("';'", stray.found());
  }

  @Test
  void truncatedFilesFailCleanly() throws Exception {
    String full = FULL;
    for (int cut = 0; cut < full.length(); cut += 7) {
      String prefix = full.substring(0, cut);
      try {
        parse(prefix);
      } catch (DbcSyntaxException e) {
        assertTrue(e.getMessage().startsWith("test.dbc:"), e.getMessage());
      }
    }
    DbcSyntaxException e =
        assertThrows(
            DbcSyntaxException.class, () -> parse("BO_ 100 Msg: 8 N\n SG_ S : 0|8@1+ (1,"));
    assertEquals("end of file", e.found());
    assertEquals("offset (number)", e.expected());
  }

  @Test
  void decodesUtf8AndFallsBackToCp1252() throws Exception {
    String text = "BO_ 1 M: 8 N\n SG_ T : 0|8@1+ (1,0) [0|1] \"°C\" N\nCM_ BO_ 1 \"Größe €\";\n";
    Dbc utf8 = DbcParser.parse("u.dbc", text.getBytes(StandardCharsets.UTF_8));
    assertEquals("UTF-8", utf8.encoding());
    assertEquals("°C", utf8.messages().get(0).signal("T").unit());
    Dbc cp = DbcParser.parse("c.dbc", text.getBytes(Charset.forName("windows-1252")));
    assertEquals("windows-1252", cp.encoding());
    assertEquals("°C", cp.messages().get(0).signal("T").unit());
    assertEquals("Größe €", cp.messages().get(0).comment());
    byte[] bom = ("\uFEFF" + text).getBytes(StandardCharsets.UTF_8);
    assertEquals(1, DbcParser.parse("b.dbc", bom).messages().size());
  }

  @Test
  void extendedMultiplexingFollowsSgMulVal() throws Exception {
    Dbc d =
        parse(
            """
            BO_ 2147483848 Ext: 8 N
             SG_ S0 M : 0|4@1+ (1,0) [0|0] "" N
             SG_ S1 m0M : 4|4@1+ (1,0) [0|0] "" N
             SG_ S2 m1 : 8|8@1+ (1,0) [0|0] "" N
             SG_ S3 m2 : 16|8@1+ (1,0) [0|0] "" N
             SG_ Plain : 24|8@1+ (1,0) [0|0] "" N
             SG_ Orphan m3 : 32|8@1+ (1,0) [0|0] "" N
            SG_MUL_VAL_ 2147483848 S1 S0 0-0;
            SG_MUL_VAL_ 2147483848 S2 S1 1-1, 4-6;
            SG_MUL_VAL_ 2147483848 S3 S0 2-3;
            """);
    Message m = d.messages().get(0);
    assertTrue(m.signal("S0").multiplexer());
    assertTrue(m.signal("S1").multiplexer());
    assertEquals("S0", m.signal("S1").multiplexerSignal());
    assertEquals(List.of(new MuxRange(0, 0)), m.signal("S1").multiplexerValues());
    assertEquals("S1", m.signal("S2").multiplexerSignal());
    assertEquals(
        List.of(new MuxRange(1, 1), new MuxRange(4, 6)), m.signal("S2").multiplexerValues());
    assertEquals(List.of(new MuxRange(2, 3)), m.signal("S3").multiplexerValues());
    assertNull(m.signal("Plain").multiplexerSignal());
    // With two switches only SG_MUL_VAL_ counts; an mN signal without one is unmultiplexed
    // (cantools).
    assertNull(m.signal("Orphan").multiplexerSignal());
  }

  @Test
  void randomBytesGiveAnErrorOrAModelNeverACrash() {
    java.util.Random rnd = new java.util.Random(42);
    for (int i = 0; i < 300; i++) {
      byte[] b = new byte[rnd.nextInt(400)];
      rnd.nextBytes(b);
      try {
        DbcParser.parse("random.dbc", b);
      } catch (DbcSyntaxException e) {
        assertTrue(e.getMessage().startsWith("random.dbc:"), e.getMessage());
      }
    }
    assertThrows(
        DbcSyntaxException.class,
        () -> DbcParser.parse("r.dbc", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1}));
  }
}
