package io.ecugateway.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fan-out's bookkeeping: handles per output, failures named and counted per output. */
class FanOutTest {
  private static final MessageTable A = MessageTable.of("A", List.of("x"), List.of(""));
  private static final MessageTable B = MessageTable.of("B", List.of("y"), List.of(""));

  /** Keeps committed rows as text; numbers its handles from {@code firstHandle}. */
  private static final class Recording implements SignalOutput {
    final String name;
    final int firstHandle;
    final List<String> committed = new ArrayList<>();
    boolean failCommit;
    int writersOpen;

    Recording(String name, int firstHandle) {
      this.name = name;
      this.firstHandle = firstHandle;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public SinkWriter openWriter() {
      writersOpen++;
      return new SinkWriter() {
        final List<String> tables = new ArrayList<>();
        final List<String> pending = new ArrayList<>();

        @Override
        public int declare(MessageTable table) {
          if (!tables.contains(table.name())) {
            tables.add(table.name());
          }
          return firstHandle + tables.indexOf(table.name());
        }

        @Override
        public void row(int table, long ts, String device, String bus, double[] values) {
          pending.add(tables.get(table - firstHandle) + "@" + ts + "=" + values[0]);
        }

        @Override
        public void commit() throws SinkException {
          if (failCommit) {
            throw new SinkException("disk full", null, true);
          }
          committed.addAll(pending);
          pending.clear();
        }

        @Override
        public void close() {
          writersOpen--;
        }
      };
    }

    @Override
    public boolean ping() {
      return true;
    }

    @Override
    public void close() {}
  }

  @Test
  void everyRowReachesEveryOutputThroughItsOwnHandles() throws Exception {
    Recording one = new Recording("one", 0);
    Recording two = new Recording("two", 100);
    FanOut fanOut = new FanOut(List.of(one, two), new SimpleMeterRegistry());
    try (SinkWriter w = fanOut.openWriter()) {
      int b = w.declare(B);
      int a = w.declare(A);
      assertEquals(b, w.declare(B), "declaring again keeps the handle");
      w.row(a, 1, "d", "can1", new double[] {1});
      w.row(b, 2, "d", "can1", new double[] {2});
      w.commit();
    }
    assertEquals(List.of("A@1=1.0", "B@2=2.0"), one.committed);
    assertEquals(one.committed, two.committed);
    assertEquals(0, one.writersOpen + two.writersOpen, "writers closed");
  }

  @Test
  void aFailingOutputFailsTheCommitNamedAndCounted() throws Exception {
    Recording one = new Recording("one", 0);
    Recording two = new Recording("two", 0);
    two.failCommit = true;
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    FanOut fanOut = new FanOut(List.of(one, two), meters);
    try (SinkWriter w = fanOut.openWriter()) {
      w.row(w.declare(A), 1, "d", "can1", new double[] {1});
      SinkException e = assertThrows(SinkException.class, w::commit);
      assertTrue(e.getMessage().startsWith("output two: commit: disk full"), e.getMessage());
      assertTrue(e.transientFailure(), "as retryable as the output's own failure");
    }
    assertEquals(List.of("A@1=1.0"), one.committed, "the first output had committed");
    assertEquals(1.0, meters.get("ecugw.output.failures").tag("output", "two").counter().count());
    assertEquals(0.0, meters.get("ecugw.output.failures").tag("output", "one").counter().count());
    assertEquals(1.0, meters.get("ecugw.output.rows").tag("output", "one").counter().count());
  }
}
