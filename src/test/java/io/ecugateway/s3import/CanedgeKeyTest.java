package io.ecugateway.s3import;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ecugateway.ingest.LogPath;
import org.junit.jupiter.api.Test;

class CanedgeKeyTest {

  @Test
  void canedgeLogKeysUnderAnyPrefix() {
    assertEquals(
        new LogPath("3BA199E2", "00000164", "00000001-60FE3F04.MF4"),
        CanedgeKey.parse("3BA199E2/00000164/00000001-60FE3F04.MF4"));
    assertEquals(
        new LogPath("3BA199E2", "00000164", "00000001.MFC"),
        CanedgeKey.parse("LOG/3BA199E2/00000164/00000001.MFC"));
    assertEquals(
        new LogPath("FCBF0606", "00002058", "00000001-5FAB8E54.mf4"),
        CanedgeKey.parse("fleet-a/2024/LOG/FCBF0606/00002058/00000001-5FAB8E54.mf4"));
    assertEquals("00000002", CanedgeKey.parse("A/B/00000002-60FE415D.MFE").splitKey());
    assertEquals("00000002", CanedgeKey.parse("A/B/00000002.MFM").splitKey());
  }

  @Test
  void everythingElseIsNotALog() {
    assertNull(CanedgeKey.parse("3BA199E2/device.json"));
    assertNull(CanedgeKey.parse("3BA199E2/config-01.09.json"));
    assertNull(CanedgeKey.parse("LOG/00000001.MF4"), "two parts: no session");
    assertNull(CanedgeKey.parse("00000001.MF4"));
    assertNull(CanedgeKey.parse("LOG/3BA199E2/00000164/notes.txt"));
    assertNull(CanedgeKey.parse("LOG/3BA199E2/00000164/00000001.MF4.tmp"));
    assertNull(CanedgeKey.parse("LOG/3BA199E2/00000164/"), "a folder marker");
    assertNull(CanedgeKey.parse("LOG/3BA199E2/../00000001.MF4"), "no path climbing");
    assertNull(CanedgeKey.parse("LOG/bad device/00000164/00000001.MF4"));
    assertNull(CanedgeKey.parse("LOG/3BA199E2/00000164/.MF4"));
  }
}
