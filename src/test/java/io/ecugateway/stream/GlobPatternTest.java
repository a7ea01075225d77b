package io.ecugateway.stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GlobPatternTest {

  @Test
  void literalsMatchIgnoringCase() {
    assertTrue(GlobPattern.of("EngineSpeed").matches("enginespeed"));
    assertFalse(GlobPattern.of("EngineSpeed").matches("EngineSpeed2"));
  }

  @Test
  void wildcards() {
    GlobPattern p = GlobPattern.of("Eng*Sp?ed");
    assertTrue(p.matches("EngineSpeed"));
    assertTrue(p.matches("EngSpeed"));
    assertFalse(p.matches("EngineSpeeed"));
    assertTrue(GlobPattern.of("*Temp*").matches("CoolantTemperature"));
    assertFalse(GlobPattern.of("*Temp").matches("CoolantTemperature"));
    assertTrue(GlobPattern.of("**").matches(""));
    assertTrue(GlobPattern.of(null).matches("anything"));
  }

  @Test
  void pathologicalPatternStaysFast() {
    String text = "a".repeat(5000);
    GlobPattern p = GlobPattern.of("*a*a*a*a*a*a*a*a*a*a*b");
    long t0 = System.nanoTime();
    assertFalse(p.matches(text));
    // Single-star backtracking: linear-ish, far below a second even on a loaded machine.
    assertTrue(System.nanoTime() - t0 < 1_000_000_000L);
  }
}
