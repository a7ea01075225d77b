package io.ecugateway.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DbcCatalogTest {
  private static final String ONE =
      """
      VERSION ""
      BU_:
      BO_ 256 One: 8 Vector__XXX
       SG_ A : 0|8@1+ (1,0) [0|255] "" Vector__XXX
      """;
  private static final String TWO =
      """
      VERSION ""
      BU_:
      BO_ 512 Two: 8 Vector__XXX
       SG_ B : 0|8@1+ (1,0) [0|255] "" Vector__XXX
      """;

  @Test
  void busPrefixBindsAFileToOneBus() {
    assertEquals("can2", DbcCatalog.busOf("can2-canmod-gps.dbc"));
    assertEquals("can9", DbcCatalog.busOf("CAN9-database-01.09.dbc"));
    assertNull(DbcCatalog.busOf("CSS-Electronics-OBD2-v1.4.dbc"));
  }

  @Test
  void devicesGetTheirFilesPerBusAndChangesReload(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("all.dbc"), ONE);
    Files.writeString(dir.resolve("can2-two.dbc"), TWO);
    DbcCatalog c =
        new DbcCatalog(
            dir,
            List.of("*"),
            Map.of("special", List.of("can2-two.dbc")),
            UnaryOperator.identity());
    DbcCatalog.DeviceDecoders d = c.forDevice("any");
    assertNotNull(d.forBus("can1").lookup(256, false));
    assertNull(d.forBus("can1").lookup(512, false), "can2 file must not decode can1");
    assertNotNull(d.forBus("can2").lookup(512, false));
    assertNotNull(d.forBus("can2").lookup(256, false), "all-bus file applies to can2 too");
    DbcCatalog.DeviceDecoders s = c.forDevice("special");
    assertNull(s.forBus("can1").lookup(256, false), "device list replaces the default set");
    assertNotNull(s.forBus("can2").lookup(512, false));

    Files.writeString(dir.resolve("all.dbc"), ONE.replace("BO_ 256", "BO_ 300"));
    Files.setLastModifiedTime(
        dir.resolve("all.dbc"), FileTime.fromMillis(System.currentTimeMillis() + 5000));
    assertTrue(c.refresh());
    DbcCatalog.DeviceDecoders after = c.forDevice("any");
    assertNotSame(d, after);
    assertNotNull(after.forBus("can1").lookup(300, false));
    assertNull(after.forBus("can1").lookup(256, false));
    assertNotNull(d.forBus("can1").lookup(256, false), "decoders handed out before stay valid");
  }
}
