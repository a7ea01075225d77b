package io.ecugateway.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ecugateway.dbc.ByteOrder;
import io.ecugateway.dbc.Dbc;
import io.ecugateway.dbc.DbcParser;
import io.ecugateway.dbc.Message;
import io.ecugateway.dbc.Signal;
import io.ecugateway.dbc.ValueType;
import io.ecugateway.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Checks the compiled decoder against a deliberately naive oracle that reads every signal bit by
 * bit, exactly as the DBC numbering defines it, on random payloads for every message without
 * multiplexing of every corpus DBC. This covers the word-read fast path (little-endian, big-endian
 * and mixed messages) and the general path (frames too short for all signals).
 */
class BitOracleTest {

  @Test
  void everyCorpusMessageMatchesTheBitByBitOracle() throws Exception {
    Path corpus = SharedData.require("dbc-corpus");
    List<Path> files;
    try (Stream<Path> s = Files.walk(corpus)) {
      files = s.filter(p -> p.toString().endsWith(".dbc")).sorted().toList();
    }
    Random rnd = new Random(7);
    long checkedSignals = 0;
    for (Path file : files) {
      Dbc dbc = DbcParser.parse(file);
      DbcDecoder decoder = DbcDecoder.compile(dbc);
      DecodeResult r = decoder.newResult();
      for (MessageCodec codec : decoder.codecs()) {
        Message m = codec.message();
        if (m.signals().stream().anyMatch(s -> s.multiplexerSignal() != null)
            || decoder.lookup(m.id(), m.extended()) != codec) {
          continue;
        }
        for (int round = 0; round < 6; round++) {
          byte[] data = new byte[Math.max(64, m.length())];
          rnd.nextBytes(data);
          // Full length (fast path), and a cut frame (general path, only what fits decodes).
          int length = round < 4 ? Math.max(m.length(), 1) : rnd.nextInt(Math.max(m.length(), 1));
          codec.decode(data, length, r);
          checkedSignals += check(file, m, data, length, r);
        }
      }
    }
    assertTrue(checkedSignals > 100_000, "signals checked: " + checkedSignals);
  }

  private static int check(Path file, Message m, byte[] data, int length, DecodeResult r) {
    int checked = 0;
    for (int i = 0; i < m.signals().size(); i++) {
      Signal s = m.signals().get(i);
      boolean fits = s.length() >= 1 && s.length() <= 64 && s.bytesNeeded() <= length;
      boolean integer = s.valueType() == ValueType.INTEGER;
      String where = file.getFileName() + " " + m.name() + "." + s.name() + " len=" + length;
      if (!integer || !fits) {
        if (integer) {
          assertEquals(false, r.isPresent(i), where);
        }
        continue;
      }
      assertTrue(r.isPresent(i), where);
      long raw = oracleRaw(s, data);
      assertEquals(raw, r.raw(i), where);
      double expected =
          !s.signed() && s.length() == 64 && raw < 0
              ? SignalCodec.unsignedToDouble(raw) * s.factor() + s.offset()
              : raw * s.factor() + s.offset();
      if (Math.abs(expected) < 0x1p52 && !(s.factor() == 1 && s.offset() == 0)) {
        assertEquals(expected, r.value(i), Math.ulp(expected), where);
      }
      checked++;
    }
    return checked;
  }

  /** Reads the signal one bit at a time, most significant bit first, then sign-extends. */
  static long oracleRaw(Signal s, byte[] data) {
    int n = s.length();
    long v = 0;
    for (int q = 0; q < n; q++) {
      int pos;
      if (s.byteOrder() == ByteOrder.LITTLE_ENDIAN) {
        pos = s.startBit() + (n - 1 - q); // q-th most significant bit
      } else {
        int seq = s.sequentialStartBit() + q; // Motorola: MSB first in sequential numbering
        pos = (seq & ~7) + (7 - (seq & 7));
      }
      int bit = (data[pos >>> 3] >>> (pos & 7)) & 1;
      v = (v << 1) | bit;
    }
    if (s.signed() && n < 64 && ((v >>> (n - 1)) & 1) != 0) {
      v |= -1L << n;
    }
    return v;
  }
}
