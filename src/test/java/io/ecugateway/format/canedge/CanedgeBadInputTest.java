package io.ecugateway.format.canedge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ecugateway.format.FormatException;
import io.ecugateway.format.FrameReader;
import io.ecugateway.format.LogSource;
import io.ecugateway.format.ReadOptions;
import io.ecugateway.frame.CanFrame;
import io.ecugateway.testing.SharedData;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Wrong passwords, tampered or truncated encrypted files and bad headers are clear errors. */
class CanedgeBadInputTest {
  private static final String PASSWORD = "passwordpasswordpassword";

  private static Path sample(String name) {
    return SharedData.require("canedge/LOG/25674460/00000001/" + name);
  }

  private static FormatException fails(
      CanedgeFormat format, String name, byte[] content, Map<String, String> passwords) {
    ReadOptions options = ReadOptions.defaults().withPasswords(passwords).withWarnings(w -> {});
    FormatException e =
        assertThrows(
            FormatException.class,
            () -> {
              try (FrameReader r =
                  format.open(LogSource.of(name, new ByteArrayInputStream(content)), options)) {
                CanFrame f = new CanFrame();
                while (r.next(f)) {
                  // garbage frames would show up here; the error must come first
                }
              }
            });
    assertEquals(name, e.file());
    assertTrue(e.getMessage().startsWith(name + ": "), e.getMessage());
    return e;
  }

  @Test
  void wrongPasswordIsAnAuthenticationError() throws Exception {
    byte[] mfe = Files.readAllBytes(sample("single_can_bus_1.MFE"));
    FormatException e =
        fails(new CanedgeFormat.Mfe(), "x.MFE", mfe, Map.of("default", "not the password"));
    assertTrue(e.getMessage().contains("authentication failed: wrong password"), e.getMessage());
    assertEquals(mfe.length - 16, e.position());
  }

  @Test
  void perDevicePasswordWinsOverDefault() throws Exception {
    byte[] mfe = Files.readAllBytes(sample("single_can_bus_1.MFE"));
    fails(new CanedgeFormat.Mfe(), "x.MFE", mfe, Map.of("25674460", "wrong", "default", PASSWORD));
    ReadOptions ok =
        ReadOptions.defaults().withPasswords(Map.of("25674460", PASSWORD, "default", "wrong"));
    try (FrameReader r =
        new CanedgeFormat.Mfe().open(LogSource.of("x.MFE", new ByteArrayInputStream(mfe)), ok)) {
      assertTrue(r.next(new CanFrame()));
      assertEquals("25674460", r.metadata().get("serial"));
    }
  }

  @Test
  void missingPasswordNamesTheDevice() throws Exception {
    byte[] mfm = Files.readAllBytes(sample("single_message_can_bus_1_512_window.MFM"));
    FormatException e = fails(new CanedgeFormat.Mfm(), "x.MFM", mfm, Map.of());
    assertTrue(e.getMessage().contains("device 25674460: no password"), e.getMessage());
  }

  @Test
  void tamperedCiphertextFailsTheTag() throws Exception {
    byte[] mfe = Files.readAllBytes(sample("single_can_bus_1.MFE"));
    for (int at : new int[] {60, mfe.length / 2, mfe.length - 20}) {
      byte[] t = mfe.clone();
      t[at] ^= 0x01;
      fails(new CanedgeFormat.Mfe(), "t.MFE", t, Map.of("default", PASSWORD));
    }
  }

  @Test
  void tamperedHeaderFailsTheTag() throws Exception {
    byte[] mfe = Files.readAllBytes(sample("single_can_bus_1.MFE"));
    mfe[13] ^= 0x40; // reserved header byte: covered as associated data
    FormatException e = fails(new CanedgeFormat.Mfe(), "h.MFE", mfe, Map.of("default", PASSWORD));
    assertTrue(e.getMessage().contains("authentication failed"), e.getMessage());
  }

  @Test
  void truncatedEncryptedFileFails() throws Exception {
    byte[] mfe = Files.readAllBytes(sample("single_can_bus_1.MFE"));
    for (int cut : new int[] {10, 51, 60, mfe.length - 1}) {
      fails(
          new CanedgeFormat.Mfe(), "cut.MFE", Arrays.copyOf(mfe, cut), Map.of("default", PASSWORD));
    }
  }

  @Test
  void absurdIterationCountIsRejectedBeforeDerivingAKey() throws Exception {
    byte[] mfe = Files.readAllBytes(sample("single_can_bus_1.MFE"));
    mfe[32] = (byte) 0x7F;
    FormatException e = fails(new CanedgeFormat.Mfe(), "i.MFE", mfe, Map.of("default", PASSWORD));
    assertEquals(32, e.position());
  }

  @Test
  void badHeatshrinkParametersAreNamed() throws Exception {
    byte[] mfc = Files.readAllBytes(sample("single_can_bus_1.MFC"));
    byte[] window = mfc.clone();
    window[26] = 3; // 0x300: not a power of two
    assertEquals(24, fails(new CanedgeFormat.Mfc(), "w.MFC", window, Map.of()).position());
    byte[] lookahead = mfc.clone();
    lookahead[23] = 9; // 9 bits with a 256-byte (8-bit) window
    assertEquals(20, fails(new CanedgeFormat.Mfc(), "l.MFC", lookahead, Map.of()).position());
  }

  @Test
  void notACanedgeFile() {
    byte[] junk = "definitely not a CANedge file".getBytes();
    assertEquals(0, fails(new CanedgeFormat.Mfc(), "j.MFC", junk, Map.of()).position());
  }

  @Test
  void truncatedCompressedFileYieldsTheFramesBeforeTheCutOrAnError() throws Exception {
    byte[] mfc = Files.readAllBytes(sample("single_can_bus_1.MFC"));
    for (int cut = 28; cut < mfc.length; cut += 37) {
      byte[] t = Arrays.copyOf(mfc, cut);
      ReadOptions options = ReadOptions.defaults().withWarnings(w -> {});
      try (FrameReader r =
          new CanedgeFormat.Mfc()
              .open(LogSource.of("c.MFC", new ByteArrayInputStream(t)), options)) {
        CanFrame f = new CanFrame();
        while (r.next(f)) {
          assertEquals(0x123, f.id);
        }
      } catch (FormatException e) {
        assertTrue(e.getMessage().startsWith("c.MFC: "), e.getMessage());
      }
    }
  }
}
