package io.ecugateway.stream;

import io.ecugateway.format.FormatException;
import io.ecugateway.format.FrameReader;
import io.ecugateway.frame.CanFrame;
import io.ecugateway.pipeline.DeviceDecoding;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns one live connection's chunks (candump text, binary frame batches) into decoded messages, on
 * its own virtual thread. The transport (event loop) only enqueues: {@link #offerText} and {@link
 * #offerBinary} never block, and tell the caller to pause reading once {@link #HIGH_WATER} chunks
 * wait; the worker calls {@code resume} when the backlog is down to {@link #LOW_WATER}. Memory per
 * connection is therefore bounded by the chunk limit times the transport's message size limit.
 *
 * <p>Text chunks must hold whole lines (a WebSocket message, or what a TCP read delivered up to its
 * last newline); they are parsed by the candump reader of the {@code format.candump} package.
 * Decoded messages are published in batches: everything decoded from the chunks available now.
 */
public final class LiveIngestWorker implements Runnable {
  public static final int HIGH_WATER = 64;
  public static final int LOW_WATER = 16;

  /** Chunks beyond this (a transport that ignores pause) close the connection. */
  public static final int HARD_LIMIT = 4 * HIGH_WATER;

  private static final byte[] END = new byte[0];

  /** What opens a candump reader over the text stream. */
  public interface TextReaderFactory {
    FrameReader open(String sourceName, InputStream text) throws IOException;
  }

  /** Where the worker's results go. All methods are called on the worker thread. */
  public interface Sink extends LiveDecodePipeline.Sink {
    /** A bad line or record: reading goes on. */
    void warning(String text);

    /** The worker fell below the low-water mark after an offer asked to pause. */
    void resume();

    /** The worker has ended (end of input, or a fatal error given as non-null). */
    void ended(Throwable error);
  }

  private final String sourceName;
  private final LiveDecodePipeline pipeline;
  private final TextReaderFactory textReaders;
  private final Sink sink;
  private final LinkedBlockingQueue<Chunk> queue = new LinkedBlockingQueue<>(HARD_LIMIT);
  private final AtomicBoolean paused = new AtomicBoolean();
  private final CanFrame frame = new CanFrame();
  private final CanFrame binaryFrame = new CanFrame();
  private volatile boolean closed;

  private record Chunk(byte[] bytes, boolean binary) {}

  public LiveIngestWorker(
      String device,
      String sourceName,
      DeviceDecoding decoding,
      LiveCatalogue catalogue,
      TextReaderFactory textReaders,
      Sink sink) {
    this.sourceName = sourceName;
    this.pipeline = new LiveDecodePipeline(device, decoding, catalogue, sink);
    this.textReaders = textReaders;
    this.sink = sink;
  }

  /**
   * Queues candump text (whole lines).
   *
   * @return true if the caller should pause reading until {@link Sink#resume()}
   * @throws IllegalStateException if the caller kept sending past the hard limit
   */
  public boolean offerText(byte[] text) {
    return offer(new Chunk(text, false));
  }

  /** Queues one binary message ({@link LiveFrameCodec}); same contract as {@link #offerText}. */
  public boolean offerBinary(byte[] message) {
    return offer(new Chunk(message, true));
  }

  /** No more input: the worker finishes what is queued, then ends. */
  public void end() {
    closed = true;
    queue.offer(new Chunk(END, false));
  }

  public long frames() {
    return pipeline.frames();
  }

  public long unknownFrames() {
    return pipeline.unknownFrames();
  }

  private boolean offer(Chunk c) {
    if (closed) {
      return false;
    }
    if (!queue.offer(c)) {
      throw new IllegalStateException(
          sourceName
              + ": more than "
              + HARD_LIMIT
              + " messages queued although reading was paused");
    }
    if (queue.size() >= HIGH_WATER) {
      paused.set(true);
      return true;
    }
    return false;
  }

  @Override
  public void run() {
    Throwable failure = null;
    try (FrameReader reader = textReaders.open(sourceName, new TextStream())) {
      while (reader.next(frame)) {
        pipeline.frame(frame);
      }
    } catch (Throwable t) {
      failure = t;
    } finally {
      pipeline.end();
      sink.ended(failure);
    }
  }

  private void binary(byte[] msg) {
    try {
      int off = LiveFrameCodec.start(sourceName, msg, msg.length);
      long now = System.currentTimeMillis() * 1_000_000L;
      while (off < msg.length) {
        off = LiveFrameCodec.decode(sourceName, msg, msg.length, off, binaryFrame, now);
        pipeline.frame(binaryFrame);
      }
    } catch (FormatException e) {
      // The rest of this message cannot be framed; the connection goes on with the next one.
      sink.warning(e.getMessage());
    }
  }

  /**
   * The text the candump reader sees: text chunks in order. Binary chunks met on the way are
   * decoded right here (same thread, so frame order across both encodings is kept); before waiting
   * for more input the current batch is published.
   */
  private final class TextStream extends InputStream {
    private byte[] current = new byte[0];
    private int pos;
    private boolean eof;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      while (pos >= current.length) {
        if (eof || !nextTextChunk()) {
          eof = true;
          return -1;
        }
      }
      int n = Math.min(len, current.length - pos);
      System.arraycopy(current, pos, b, off, n);
      pos += n;
      return n;
    }

    private boolean nextTextChunk() throws IOException {
      while (true) {
        Chunk c = queue.poll();
        if (c == null) {
          pipeline.flush();
          try {
            c = queue.take();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException(sourceName + ": interrupted");
          }
        }
        if (paused.get() && queue.size() <= LOW_WATER && paused.compareAndSet(true, false)) {
          sink.resume();
        }
        if (c.bytes == END) {
          return false;
        }
        if (c.binary) {
          binary(c.bytes);
          continue;
        }
        current = c.bytes;
        pos = 0;
        return true;
      }
    }
  }
}
