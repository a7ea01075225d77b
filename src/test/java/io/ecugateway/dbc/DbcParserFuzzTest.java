package io.ecugateway.dbc;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ecugateway.decode.DbcDecoder;
import io.ecugateway.decode.DecodeResult;
import io.ecugateway.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutation fuzzing: corpus DBC files with bytes flipped, inserted, deleted, lines duplicated
 * or cut off. Each mutant must either load (and then compile and decode random frames) or fail with
 * a {@link DbcSyntaxException} naming the file and a position; never another exception and never a
 * hang. Runs 3 s in CI; {@code -Dfuzz.seconds=N} runs longer, {@code -Dfuzz.seed=S} replays.
 */
class DbcParserFuzzTest {
  private static final List<String> SEEDS =
      List.of(
          "cantools-tests/multiplex_2.dbc",
          "cantools-tests/issue_184_extended_mux_cascaded.dbc",
          "cantools-tests/foobar.dbc",
          "cantools-tests/floating_point.dbc",
          "cantools-tests/cp1252.dbc",
          "opendbc/toyota_radar_dsu_tssp.dbc",
          "opendbc/can-tests/test.dbc",
          "cantools-tests/j1939.dbc");

  @Test
  void mutantsLoadOrFailWithASyntaxError() throws Exception {
    Path corpus = SharedData.require("dbc-corpus");
    long seconds = Long.getLong("fuzz.seconds", 3);
    long seed = Long.getLong("fuzz.seed", 20261122L);
    byte[][] seeds = new byte[SEEDS.size()][];
    for (int i = 0; i < seeds.length; i++) {
      seeds[i] = Files.readAllBytes(corpus.resolve(SEEDS.get(i)));
    }
    Random rnd = new Random(seed);
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    int runs = 0;
    int loaded = 0;
    while (System.nanoTime() < end || runs < 50) {
      byte[] mutant = Mutator.mutate(seeds[rnd.nextInt(seeds.length)], rnd);
      long caseSeed = rnd.nextLong();
      runs++;
      String name = "mutant-" + runs + ".dbc";
      boolean ok =
          assertTimeoutPreemptively(
              Duration.ofSeconds(10),
              () -> loadAndDecode(name, mutant, new Random(caseSeed)),
              () -> "hang on mutant " + name + " (seed " + seed + ")");
      loaded += ok ? 1 : 0;
    }
    assertTrue(runs >= 50, "runs " + runs);
    System.out.println("fuzz: " + runs + " mutants, " + loaded + " loaded, seed " + seed);
  }

  private static boolean loadAndDecode(String name, byte[] bytes, Random rnd) {
    Dbc dbc;
    try {
      dbc = DbcParser.parse(name, bytes);
    } catch (DbcSyntaxException e) {
      assertTrue(
          e.getMessage().startsWith(name + ":" + e.line() + ":" + e.column() + ": expected "),
          e.getMessage());
      assertTrue(e.line() >= 1 && e.column() >= 1, e.getMessage());
      return false;
    }
    DbcDecoder decoder = DbcDecoder.compile(dbc);
    DecodeResult r = decoder.newResult();
    byte[] data = new byte[64];
    for (var codec : decoder.codecs()) {
      for (int i = 0; i < 4; i++) {
        rnd.nextBytes(data);
        int len = rnd.nextInt(65);
        codec.decode(data, len, r);
        for (int k = 0; k < r.count(); k++) {
          r.value(r.signalIndex(k));
        }
      }
    }
    return true;
  }

  /** Byte- and line-level mutations. */
  static final class Mutator {
    private static final byte[] INTERESTING =
        " :;|@()[],\"\n-+.0123456789eEmMSG_BO_VAL_2147483648 999999999999999999999".getBytes();

    static byte[] mutate(byte[] in, Random rnd) {
      byte[] b = in.clone();
      int n = 1 + rnd.nextInt(8);
      for (int i = 0; i < n && b.length > 0; i++) {
        int pos = rnd.nextInt(b.length);
        switch (rnd.nextInt(6)) {
          case 0 -> b[pos] = (byte) rnd.nextInt(256);
          case 1 -> b[pos] = INTERESTING[rnd.nextInt(INTERESTING.length)];
          case 2 -> b = splice(b, pos, Math.min(b.length, pos + rnd.nextInt(16)), new byte[0]);
          case 3 -> {
            byte[] ins = new byte[1 + rnd.nextInt(6)];
            for (int k = 0; k < ins.length; k++) {
              ins[k] = INTERESTING[rnd.nextInt(INTERESTING.length)];
            }
            b = splice(b, pos, pos, ins);
          }
          case 4 -> b = java.util.Arrays.copyOf(b, pos); // truncate
          default -> {
            int from = pos;
            int to = Math.min(b.length, from + rnd.nextInt(200));
            b = splice(b, pos, pos, java.util.Arrays.copyOfRange(b, from, to)); // duplicate
          }
        }
      }
      return b;
    }

    private static byte[] splice(byte[] b, int from, int to, byte[] insert) {
      byte[] out = new byte[b.length - (to - from) + insert.length];
      System.arraycopy(b, 0, out, 0, from);
      System.arraycopy(insert, 0, out, from, insert.length);
      System.arraycopy(b, to, out, from + insert.length, b.length - to);
      return out;
    }
  }
}
