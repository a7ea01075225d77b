package io.ecugateway.stream.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ecugateway.catalog.SignalIndex;
import io.ecugateway.sink.MessageTable;
import io.ecugateway.sink.SignalOutput;
import io.ecugateway.sink.SinkException;
import io.ecugateway.sink.SinkWriter;
import io.ecugateway.stream.LiveMessage;
import io.ecugateway.stream.MessageInfo;
import io.ecugateway.stream.SignalInfo;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batching, the time bound on commits, and the bounded queue of {@link SinkLiveStore}, against a
 * sink that records what it is given (the real stores are covered by {@code LiveStoreContract}).
 */
class SinkLiveStoreTest {
  static final MessageInfo EEC1 =
      new MessageInfo(
          "EEC1",
          0xCF00400,
          List.of(
              new SignalInfo("EngineSpeed", "rpm", Map.of()),
              new SignalInfo("EngineTorque", "%", Map.of())));
  static final String[] ONLY_SPEED = {"EngineSpeed"};

  @TempDir Path dir;

  @Test
  void commitsEveryBatchOfRowsAndTheRestAtClose() throws Exception {
    RecordingSink sink = new RecordingSink(null);
    SinkLiveStore store = newStore(sink, 10, 60_000, 1000);
    for (int i = 0; i < 25; i++) {
      store.offer(speed(i), EEC1);
    }
    awaitCommits(sink, 2);
    assertEquals(List.of(10, 10), sink.commits);
    store.close();
    assertEquals(List.of(10, 10, 5), sink.commits);
    assertEquals(25, store.storedRows());
    // values go to their declared column; the absent signal is NULL (NaN)
    assertEquals(List.of("EngineSpeed", "EngineTorque"), sink.declared.get(0).signals());
    assertEquals(7.0, sink.rows.get(7)[0]);
    assertTrue(Double.isNaN(sink.rows.get(7)[1]));
  }

  @Test
  void aRowWaitsAtMostTheFlushIntervalForItsCommit() throws Exception {
    RecordingSink sink = new RecordingSink(null);
    SinkLiveStore store = newStore(sink, 1000, 50, 1000);
    long t0 = System.nanoTime();
    store.offer(speed(1), EEC1);
    awaitCommits(sink, 1);
    assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5));
    assertEquals(List.of(1), sink.commits);
    store.close();
  }

  @Test
  void aStalledStoreDropsAndCountsInsteadOfBlockingIngest() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    RecordingSink sink = new RecordingSink(release);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    SinkLiveStore store =
        new SinkLiveStore(sink, new SignalIndex(dir.resolve("index.json")), meters, 1, 10, 5);
    store.offer(speed(0), EEC1);
    awaitCommitStarted(sink);
    long t0 = System.nanoTime();
    for (int i = 1; i <= 100; i++) {
      store.offer(speed(i), EEC1);
    }
    assertTrue(
        System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(1), "offer never waits for the store");
    assertEquals(95, store.droppedRows(), "5 queued, the rest dropped");
    assertEquals(95, meters.get("ecugw.live.store.dropped").counter().count());
    assertEquals(5, meters.get("ecugw.live.store.queue").gauge().value());
    release.countDown();
    store.close();
    assertEquals(6, store.storedRows());
  }

  @Test
  void aFailingStoreDropsTheBatchAndRecovers() throws Exception {
    RecordingSink sink = new RecordingSink(null);
    sink.failNextRow = true;
    SinkLiveStore store = newStore(sink, 1, 10, 1000);
    store.offer(speed(1), EEC1);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (store.droppedRows() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(1, store.droppedRows());
    store.offer(speed(2), EEC1);
    awaitCommits(sink, 1);
    store.close();
    assertEquals(1, store.storedRows());
    assertEquals(2, sink.writersOpened, "a new writer after the failure");
  }

  private SinkLiveStore newStore(RecordingSink sink, int batch, int flushMs, int queue)
      throws Exception {
    return new SinkLiveStore(
        sink,
        new SignalIndex(dir.resolve("index-" + System.nanoTime() + ".json")),
        new SimpleMeterRegistry(),
        batch,
        flushMs,
        queue);
  }

  private static LiveMessage speed(double rpm) {
    return new LiveMessage(
        "D1", "can1", "EEC1", 1_700_000_000_000_000_000L, ONLY_SPEED, new double[] {rpm});
  }

  private static void awaitCommits(RecordingSink sink, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (sink.commits.size() < n && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(n, sink.commits.size(), "commits: " + sink.commits);
  }

  private static void awaitCommitStarted(RecordingSink sink) throws InterruptedException {
    assertTrue(sink.commitStarted.await(10, TimeUnit.SECONDS));
  }

  /** Records declared tables, rows and commit sizes; commits wait for {@code release} if given. */
  static final class RecordingSink implements SignalOutput {
    final List<MessageTable> declared = Collections.synchronizedList(new ArrayList<>());
    final List<double[]> rows = Collections.synchronizedList(new ArrayList<>());
    final List<Integer> commits = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch commitStarted = new CountDownLatch(1);
    final CountDownLatch release;
    volatile boolean failNextRow;
    volatile int writersOpened;

    RecordingSink(CountDownLatch release) {
      this.release = release;
    }

    @Override
    public String name() {
      return "recording";
    }

    @Override
    public SinkWriter openWriter() {
      writersOpened++;
      return new SinkWriter() {
        int pending;

        @Override
        public int declare(MessageTable table) {
          declared.add(table);
          return declared.size() - 1;
        }

        @Override
        public void row(int table, long ts, String device, String bus, double[] values)
            throws SinkException {
          if (failNextRow) {
            failNextRow = false;
            throw new SinkException("disk full");
          }
          rows.add(values.clone());
          pending++;
        }

        @Override
        public void commit() {
          commitStarted.countDown();
          if (release != null) {
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          commits.add(pending);
          pending = 0;
        }

        @Override
        public void close() {}
      };
    }

    @Override
    public boolean ping() {
      return true;
    }

    @Override
    public void close() {}
  }
}
