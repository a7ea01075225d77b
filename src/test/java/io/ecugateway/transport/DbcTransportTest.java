package io.ecugateway.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ecugateway.dbc.Dbc;
import io.ecugateway.dbc.DbcParser;
import io.ecugateway.decode.DbcDecoder;
import io.ecugateway.decode.DecodeResult;
import io.ecugateway.testing.SharedData;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class DbcTransportTest {

  private static Dbc dbc(String name) throws IOException {
    return DbcParser.parse(SharedData.require("canedge/dbc/" + name));
  }

  @Test
  void isoTpStreamsAreTheStandardIdsAndTheMarkedMessages() throws IOException {
    TransportConfig.Builder b = TransportConfig.builder().enable(null, TransportProtocol.ISOTP);
    DbcTransport.addIsoTpStreams(b, "can1", dbc("tp_uds.dbc"), null);
    DbcTransport.addIsoTpStreams(b, "can2", dbc("can1-hyundai-kia-uds-v2.4.dbc"), null);
    TransportConfig config = b.build();
    BusSettings can1 = config.resolve("can1");
    assertEquals(IsoTpLayout.A, can1.isoTpLayout(0x7EC, false)); // Battery
    assertEquals(IsoTpLayout.A, can1.isoTpLayout(0x7BB, false)); // Temperature
    assertNull(can1.isoTpLayout(0x7A8, false));
    BusSettings can2 = config.resolve("can2");
    // BA_ "TransportProtocolType" BO_ 2028 "ISOTP" etc.: layout B
    assertEquals(IsoTpLayout.B, can2.isoTpLayout(0x7EC, false));
    assertEquals(IsoTpLayout.B, can2.isoTpLayout(0x7BB, false));
    assertEquals(IsoTpLayout.B, can2.isoTpLayout(0x7A8, false));
    assertNull(can2.isoTpLayout(0x7EC, true));
  }

  @Test
  void perDbcLayoutBeatsTheAttribute() throws IOException {
    TransportConfig.Builder b = TransportConfig.builder().enable(null, TransportProtocol.ISOTP);
    DbcTransport.addIsoTpStreams(b, null, dbc("tp_uds_hyundai_soc.dbc"), IsoTpLayout.B);
    assertEquals(IsoTpLayout.B, b.build().resolve("can1").isoTpLayout(0x7EC, false));
  }

  @Test
  void longExtendedMessagesMatchByPgn() throws IOException {
    Dbc original = dbc("tp_j1939.dbc");
    byte[] payload = Frames.bytes("901ACBA041D4A00FA74A20DDF430E7A041FFFF7602F0550001FA9CFA");
    DecodeResult r = new DecodeResult(16);
    // EC1 is 0x18FEE3FE with VFrameFormat ExtendedCAN: no match for the reassembled 0x18FEE300
    assertFalse(DbcDecoder.compile(original).decode(0x18FEE300, true, payload, 28, r));
    Dbc byPgn = DbcTransport.matchLongMessagesByPgn(original);
    assertTrue(DbcDecoder.compile(byPgn).decode(0x18FEE300, true, payload, 28, r));
    assertEquals("EC1", r.messageName());
    int i = r.signalIndex(0);
    assertEquals("EngineSpeedAtPoint5", r.signal(i).name());
    assertEquals(1566.5, r.value(i));
    // nothing to change: the same instance
    Dbc uds = dbc("tp_uds.dbc");
    assertSame(uds, DbcTransport.matchLongMessagesByPgn(uds));
  }
}
