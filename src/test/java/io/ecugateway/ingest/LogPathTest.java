package io.ecugateway.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LogPathTest {
  @Test
  void splitKeyDropsTheEpochSuffixAndExtension() {
    assertEquals(
        "00000001", new LogPath("3BA199E2", "00000164", "00000001-60FE3F04.MF4").splitKey());
    assertEquals("00000001", new LogPath("3BA199E2", "00000164", "00000001-60ff0000").splitKey());
    assertEquals("00000001", new LogPath("3BA199E2", "00000164", "00000001.mf4").splitKey());
    assertEquals("SINGLE_CAN", new LogPath("d", "s", "single_can.MFC").splitKey());
  }

  @Test
  void rejectsTraversalAndOddCharacters() {
    for (String bad : List.of("..", ".hidden", "a/b", "a\\b", "-x", "", "a..b", "a\0b", "ü")) {
      assertFalse(LogPath.valid(bad), bad);
      assertThrows(IllegalArgumentException.class, () -> new LogPath("dev", "s", bad));
    }
    assertTrue(LogPath.valid("00000001-60FE3F04.MF4"));
  }

  @Test
  void extensionComesFromTheSplitElseTheFileName() {
    assertEquals("mf4", LogPath.extension("00000001.MF4", null));
    assertEquals("mfc", LogPath.extension("00000001", "00000001-6069FBEB.MFC"));
    assertEquals("", LogPath.extension("00000001", null));
  }
}
