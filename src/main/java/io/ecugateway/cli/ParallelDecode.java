package io.ecugateway.cli;

import io.ecugateway.format.FrameReader;
import io.ecugateway.format.LogMetadata;
import io.ecugateway.format.candump.CandumpFormat;
import io.ecugateway.format.text.FileWarnings;
import io.ecugateway.format.text.LineChunk;
import io.ecugateway.format.text.LineChunkReader;
import io.ecugateway.format.text.LineParser;
import io.ecugateway.format.text.TextFrameReader;
import io.ecugateway.frame.CanFrame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * Spreads the decode stage over worker threads while keeping the output byte-identical to a
 * single-threaded run: the calling thread reads frames into batches, a worker decodes and formats a
 * whole batch into the batch's own byte buffer, and a writer thread writes finished batches
 * strictly in the order they were read. Batches sit in a ring that is refilled in order, so the
 * slot about to be refilled always holds the oldest batch, which must have been written first.
 *
 * <p>Text formats whose lines parse on their own (candump) go faster with {@link #decodeLines}: the
 * calling thread only cuts the input into chunks of whole lines, the workers parse them too, and
 * the writer reports each chunk's warnings in order with their line numbers in the file.
 *
 * <p>Only for stages that are independent per frame: transport reassembly needs every frame in
 * order on one stage, so {@code --transport} runs single-threaded. Nothing is allocated per frame:
 * batches (frames and byte buffers) are reused.
 */
final class ParallelDecode implements AutoCloseable {
  /** Frames per batch: large enough that the hand-over costs nothing per frame. */
  static final int BATCH_FRAMES = 2048;

  /**
   * Input bytes per chunk of lines: ~1300 candump lines, ~0.5 MB of JSONL, which fits a batch's 1
   * MB buffer without growing it. Larger chunks gain nothing and cost memory and page faults
   * (measured: 1 MB chunks are slower than 64-256 KB ones, with 3x the RSS).
   */
  static final int CHUNK_BYTES = 64 * 1024;

  /** One input file read in chunks of lines: its parsers, warnings and the line reached. */
  private static final class LineInput {
    final Supplier<LineParser> parsers;
    final FileWarnings warnings;
    final LongConsumer progress;
    long nextLine = 1;

    LineInput(Supplier<LineParser> parsers, FileWarnings warnings, LongConsumer progress) {
      this.parsers = parsers;
      this.warnings = warnings;
      this.progress = progress;
    }
  }

  private static final class Batch {
    final CanFrame[] frames;
    final ByteOutput bytes;
    final Semaphore done = new Semaphore(0);
    final Semaphore written = new Semaphore(0);
    int count;
    boolean pending;
    Throwable failure;

    /** Set for a chunk of lines (then {@link #frames} are unused). */
    LineInput input;

    LineChunk chunk;

    Batch(int frameCount, int byteCount) {
      frames = new CanFrame[frameCount];
      for (int i = 0; i < frames.length; i++) {
        frames[i] = new CanFrame();
      }
      bytes = ByteOutput.inMemory(byteCount);
    }
  }

  /** Tells a worker to stop. */
  private static final Batch STOP = new Batch(0, 0);

  private final ByteOutput sink;
  private final Batch[] ring;
  private final BlockingQueue<Batch> work;
  private final BlockingQueue<Batch> writeOrder;
  private final DecodeStage[] stages;
  private final Thread[] workers;
  private final Thread writer;
  private final CanFrame scratch = new CanFrame();
  private int next;

  /** The first write failure; later batches are dropped (set by the writer thread). */
  private volatile IOException writeFailure;

  /**
   * @param threads worker threads (at least 1)
   * @param newStage a decode stage per worker (each with its own format caches)
   * @param sink where finished batches go, in input order
   */
  ParallelDecode(int threads, Supplier<DecodeStage> newStage, ByteOutput sink) {
    this.sink = sink;
    this.ring = new Batch[2 * threads + 2];
    for (int i = 0; i < ring.length; i++) {
      ring[i] = new Batch(BATCH_FRAMES, 1 << 20);
    }
    this.work = new ArrayBlockingQueue<>(ring.length + threads);
    this.writeOrder = new ArrayBlockingQueue<>(ring.length + 1);
    this.stages = new DecodeStage[threads];
    this.workers = new Thread[threads];
    for (int i = 0; i < threads; i++) {
      DecodeStage stage = newStage.get();
      stages[i] = stage;
      workers[i] = new Thread(() -> work(stage), "decode-" + i);
      workers[i].setDaemon(true);
      workers[i].start();
    }
    writer = new Thread(this::write, "decode-writer");
    writer.setDaemon(true);
    writer.start();
  }

  /**
   * Decodes every frame of {@code reader}; returns when all of them are written. If the reader
   * fails, the frames read before the failure are still written, then its exception propagates.
   * Write failures surface as {@link UncheckedIOException}.
   *
   * @param onFrame called on this thread after each frame read (progress)
   */
  void decode(FrameReader reader, Runnable onFrame) throws IOException {
    // candump's parser sets every field of the frame it fills (CandumpFastPathTest checks both of
    // its paths against stale frames), so it can read straight into the batch; other readers
    // may keep state in the caller's frame between calls and go through one reused frame.
    boolean direct = CandumpFormat.NAME.equals(reader.metadata().get(LogMetadata.FORMAT));
    try {
      boolean more = true;
      while (more) {
        Batch b = ring[next];
        reclaim(b);
        next = (next + 1) % ring.length;
        b.input = null;
        int n = 0;
        try {
          if (direct) {
            CanFrame[] frames = b.frames;
            while (n < BATCH_FRAMES && (more = reader.next(frames[n]))) {
              n++;
              onFrame.run();
            }
          } else {
            while (n < BATCH_FRAMES && (more = reader.next(scratch))) {
              b.frames[n++].set(scratch);
              onFrame.run();
            }
          }
        } finally {
          submit(b, n);
        }
      }
    } finally {
      for (int i = 0; i < ring.length; i++) {
        reclaim(ring[(next + i) % ring.length]);
      }
    }
  }

  /**
   * Decodes every line of {@code reader}, whose lines parse on their own with {@code parsers}: this
   * thread only reads chunks of lines, the workers parse, decode and format them. Returns when all
   * are written and their warnings reported; if reading fails, the lines read before are still
   * decoded, then the failure propagates.
   *
   * @param progress called on the writer thread with the frames of each chunk written
   */
  void decodeLines(TextFrameReader reader, Supplier<LineParser> parsers, LongConsumer progress)
      throws IOException {
    LineChunkReader chunks = reader.chunks();
    LineInput input = new LineInput(parsers, reader.warnings(), progress);
    try {
      while (true) {
        Batch b = ring[next];
        reclaim(b);
        if (b.chunk == null) {
          b.chunk = new LineChunk(CHUNK_BYTES);
        }
        if (!chunks.read(b.chunk)) {
          break;
        }
        next = (next + 1) % ring.length;
        b.input = input;
        submit(b, 1);
      }
    } finally {
      for (int i = 0; i < ring.length; i++) {
        reclaim(ring[(next + i) % ring.length]);
      }
    }
    input.warnings.finish();
  }

  private void submit(Batch b, int n) {
    if (n == 0) {
      return;
    }
    b.count = n;
    b.failure = null;
    b.pending = true;
    work.add(b); // never full: the queues hold more than the ring
    writeOrder.add(b);
  }

  /** Waits until a submitted batch is written: called in submission order. */
  private void reclaim(Batch b) {
    if (!b.pending) {
      return;
    }
    b.written.acquireUninterruptibly();
    b.pending = false;
    if (b.failure instanceof RuntimeException e) {
      throw e;
    } else if (b.failure instanceof Error e) {
      throw e;
    }
    IOException failed = writeFailure;
    if (failed != null) {
      throw new UncheckedIOException(failed);
    }
  }

  /** The writer thread: batches in submission order, each once its worker is done with it. */
  private void write() {
    boolean broken = false; // after a failed batch nothing more is written: the output has a hole
    while (true) {
      Batch b;
      try {
        b = writeOrder.take();
      } catch (InterruptedException e) {
        return;
      }
      if (b == STOP) {
        return;
      }
      b.done.acquireUninterruptibly();
      broken |= b.failure != null;
      if (!broken && b.input != null) {
        LineInput in = b.input;
        b.chunk.report(in.warnings, in.nextLine);
        in.nextLine += b.chunk.lines();
        in.progress.accept(b.chunk.frames());
      }
      if (!broken && writeFailure == null) {
        try {
          sink.append(b.bytes);
        } catch (IOException e) {
          writeFailure = e;
        } catch (RuntimeException | Error e) {
          b.failure = e;
        }
      }
      b.written.release();
    }
  }

  private void work(DecodeStage stage) {
    CanFrame frame = new CanFrame();
    Consumer<CanFrame> decode = stage::accept;
    Supplier<LineParser> parsers = null;
    LineParser parser = null;
    while (true) {
      Batch b;
      try {
        b = work.take();
      } catch (InterruptedException e) {
        return;
      }
      if (b == STOP) {
        return;
      }
      try {
        b.bytes.clear();
        stage.output(b.bytes);
        if (b.input != null) {
          if (b.input.parsers != parsers) {
            parsers = b.input.parsers;
            parser = parsers.get();
          }
          b.chunk.parse(parser, frame, decode);
        } else {
          CanFrame[] frames = b.frames;
          for (int i = 0, n = b.count; i < n; i++) {
            stage.accept(frames[i]);
          }
        }
      } catch (Throwable t) {
        b.failure = t;
      } finally {
        b.done.release();
      }
    }
  }

  /** Adds the workers' counts to {@code total}; call after {@link #decode} returned. */
  void addCounts(DecodeStage total) {
    for (DecodeStage s : stages) {
      total.addCounts(s);
    }
  }

  /** Stops the workers and the writer. */
  @Override
  public void close() {
    for (int i = 0; i < workers.length; i++) {
      work.add(STOP);
    }
    writeOrder.add(STOP);
    Thread[] all = Arrays.copyOf(workers, workers.length + 1);
    all[workers.length] = writer;
    for (Thread t : all) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
