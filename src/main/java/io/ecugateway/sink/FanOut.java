package io.ecugateway.sink;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Every configured output as one: a writer of the fan-out opens one writer per output, hands each
 * row to all of them and commits each. The first output that fails fails the whole unit of work
 * (the caller retries it as it would a single store's failure); outputs that had already committed
 * take the replayed rows as upserts on (ts, device, bus), so nothing is lost or doubled. Failures
 * name the output. Metrics per output (tag {@code output}): {@code ecugw.output.rows}, {@code
 * ecugw.output.commit.latency}, {@code ecugw.output.failures}.
 */
public final class FanOut implements SignalOutput {
  private final List<Output> outputs;

  /** One configured output and its meters. */
  private record Output(SignalOutput output, Counter rows, Timer commits, Counter failures) {
    static Output of(SignalOutput output, MeterRegistry meters) {
      String name = output.name();
      return new Output(
          output,
          Counter.builder("ecugw.output.rows")
              .description("Rows committed to the output")
              .tag("output", name)
              .register(meters),
          Timer.builder("ecugw.output.commit.latency")
              .description("Time the output takes to make a batch of rows durable and visible")
              .tag("output", name)
              .register(meters),
          Counter.builder("ecugw.output.failures")
              .description("Writes and commits the output failed (the batch is retried)")
              .tag("output", name)
              .register(meters));
    }

    /** The failure, counted and named after the output; retryable as the original is. */
    SinkException failed(String what, SinkException e) {
      failures.increment();
      return new SinkException(
          "output " + output.name() + ": " + what + ": " + e.getMessage(), e, e.transientFailure());
    }
  }

  /** Over {@code outputs}, in order (opened, and closed with this). */
  public FanOut(List<SignalOutput> outputs, MeterRegistry meters) {
    if (outputs.isEmpty()) {
      throw new IllegalArgumentException("at least one output expected");
    }
    this.outputs = outputs.stream().map(o -> Output.of(o, meters)).toList();
  }

  /** The outputs, in configuration order. */
  public List<SignalOutput> outputs() {
    return outputs.stream().map(Output::output).toList();
  }

  /**
   * The output registered as {@code name}.
   *
   * @throws IllegalArgumentException none of the outputs
   */
  public SignalOutput output(String name) {
    return outputs.stream()
        .map(Output::output)
        .filter(o -> o.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no output " + name + " is open"));
  }

  @Override
  public String name() {
    return String.join("+", outputs.stream().map(o -> o.output().name()).toList());
  }

  @Override
  public SinkWriter openWriter() throws SinkException {
    SinkWriter[] writers = new SinkWriter[outputs.size()];
    for (int i = 0; i < writers.length; i++) {
      try {
        writers[i] = outputs.get(i).output().openWriter();
      } catch (SinkException e) {
        for (int k = 0; k < i; k++) {
          writers[k].close();
        }
        throw outputs.get(i).failed("open", e);
      }
    }
    return new Writer(writers);
  }

  /** All outputs answer. */
  @Override
  public boolean ping() {
    return outputs.stream().allMatch(o -> o.output().ping());
  }

  /** Closes every output, even when one fails to. */
  @Override
  public void close() {
    RuntimeException first = null;
    for (Output o : outputs.reversed()) {
      try {
        o.output().close();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /** One writer per output; a table handle of the fan-out maps to one handle per writer. */
  private final class Writer implements SinkWriter {
    private final SinkWriter[] writers;
    private final Map<String, Integer> byName = new HashMap<>();

    /** {@code handles[output][table]}: the writer's handle of the fan-out's table handle. */
    private final int[][] handles;

    private int tables;
    private long uncommittedRows;

    Writer(SinkWriter[] writers) {
      this.writers = writers;
      this.handles = new int[writers.length][8];
    }

    @Override
    public int declare(MessageTable table) throws SinkException {
      Integer known = byName.get(table.name());
      int handle = known == null ? tables : known;
      if (handle == handles[0].length) {
        for (int i = 0; i < handles.length; i++) {
          handles[i] = Arrays.copyOf(handles[i], handle * 2);
        }
      }
      for (int i = 0; i < writers.length; i++) {
        try {
          handles[i][handle] = writers[i].declare(table);
        } catch (SinkException e) {
          throw outputs.get(i).failed("table " + table.name(), e);
        }
      }
      if (known == null) {
        byName.put(table.name(), handle);
        tables++;
      }
      return handle;
    }

    @Override
    public void row(int table, long timestampNs, String device, String bus, double[] values)
        throws SinkException {
      for (int i = 0; i < writers.length; i++) {
        try {
          writers[i].row(handles[i][table], timestampNs, device, bus, values);
        } catch (SinkException e) {
          throw outputs.get(i).failed("row", e);
        }
      }
      uncommittedRows++;
    }

    @Override
    public void commit() throws SinkException {
      for (int i = 0; i < writers.length; i++) {
        Output o = outputs.get(i);
        long t0 = System.nanoTime();
        try {
          writers[i].commit();
        } catch (SinkException e) {
          throw o.failed("commit", e);
        }
        o.commits().record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
        o.rows().increment(uncommittedRows);
      }
      uncommittedRows = 0;
    }

    /** Closes every writer, even when one fails to. */
    @Override
    public void close() {
      RuntimeException first = null;
      for (SinkWriter w : writers) {
        try {
          w.close();
        } catch (RuntimeException e) {
          if (first == null) {
            first = e;
          } else {
            first.addSuppressed(e);
          }
        }
      }
      if (first != null) {
        throw first;
      }
    }
  }
}
