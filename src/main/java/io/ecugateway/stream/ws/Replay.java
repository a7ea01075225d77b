package io.ecugateway.stream.ws;

import io.ecugateway.decode.DecodeResult;
import io.ecugateway.format.FormatRegistry;
import io.ecugateway.format.FrameReader;
import io.ecugateway.format.ReadOptions;
import io.ecugateway.frame.CanFrame;
import io.ecugateway.pipeline.DeviceDecoding;
import io.ecugateway.stream.CatalogueEntry;
import io.ecugateway.stream.LiveBatch;
import io.ecugateway.stream.LiveDecodePipeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Streams a log file (any format the registry reads) into the live path of a device, paced by the
 * frames' own timestamps at {@code speed}× (0 = as fast as the consumers take it). Frames keep
 * their original timestamps. Runs on its own virtual thread.
 */
final class Replay implements Runnable {
  /** Decoded messages are published at least this often while frames are dense. */
  private static final long MAX_BATCH_AGE_NS = 5_000_000L;

  private static final long MIN_SLEEP_NS = 1_000_000L;

  enum State {
    RUNNING,
    FINISHED,
    STOPPED,
    FAILED
  }

  final String id;
  final String device;
  final String name;
  final double speed;
  private final Path file;
  private final boolean deleteFile;
  private final LiveHub hub;
  private final DeviceDecoding decoding;
  private final LiveStore store;
  private final Map<String, String> passwords;
  private volatile State state = State.RUNNING;
  private volatile String error;
  private volatile long frames;
  private volatile long unknown;
  private volatile boolean stop;
  private final long startedMs = System.currentTimeMillis();
  private volatile long endedMs;

  Replay(
      String id,
      String device,
      String name,
      Path file,
      boolean deleteFile,
      double speed,
      LiveHub hub,
      DeviceDecoding decoding,
      LiveStore store,
      Map<String, String> passwords) {
    this.id = id;
    this.device = device;
    this.name = name;
    this.file = file;
    this.deleteFile = deleteFile;
    this.speed = speed;
    this.hub = hub;
    this.decoding = decoding;
    this.store = store;
    this.passwords = passwords;
  }

  void stop() {
    stop = true;
  }

  State state() {
    return state;
  }

  @Override
  public void run() {
    LiveDecodePipeline pipeline =
        new LiveDecodePipeline(
            device,
            decoding,
            hub.catalogue(),
            new LiveDecodePipeline.Sink() {
              @Override
              public void publish(LiveBatch batch) {
                hub.publish(batch);
              }

              @Override
              public void newCatalogueEntry(CatalogueEntry entry) {
                hub.announce(entry);
              }

              @Override
              public void store(String device, CanFrame frame, DecodeResult result) {
                store.offer(device, frame, result);
              }
            });
    ReadOptions options = ReadOptions.defaults().withPasswords(passwords).withWarnings(w -> {});
    try (FrameReader reader = FormatRegistry.open(file, options)) {
      CanFrame f = new CanFrame();
      long firstT = Long.MIN_VALUE;
      long startNs = 0;
      long lastFlushNs = System.nanoTime();
      while (!stop && reader.next(f)) {
        if (speed > 0) {
          if (firstT == Long.MIN_VALUE) {
            firstT = f.timestampNs;
            startNs = System.nanoTime();
          }
          long dueNs = startNs + (long) ((f.timestampNs - firstT) / speed);
          long waitNs = dueNs - System.nanoTime();
          if (waitNs > MIN_SLEEP_NS) {
            pipeline.flush();
            lastFlushNs = System.nanoTime();
            LockSupport.parkNanos(waitNs);
          }
        }
        pipeline.frame(f);
        frames = pipeline.frames();
        if (System.nanoTime() - lastFlushNs > MAX_BATCH_AGE_NS) {
          pipeline.flush();
          lastFlushNs = System.nanoTime();
        }
      }
      pipeline.end();
      state = stop ? State.STOPPED : State.FINISHED;
    } catch (Exception | Error e) {
      error = e.getMessage() == null ? e.toString() : e.getMessage();
      state = State.FAILED;
    } finally {
      frames = pipeline.frames();
      unknown = pipeline.unknownFrames();
      hub.countFrames(frames, unknown);
      endedMs = System.currentTimeMillis();
      if (deleteFile) {
        try {
          Files.deleteIfExists(file);
        } catch (java.io.IOException e) {
          // a temporary spool file; the temp dir is cleaned eventually
        }
      }
    }
  }

  /** The status document of {@code GET /api/v1/replays/{id}}. */
  Map<String, Object> status() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("device", device);
    m.put("name", name);
    m.put("speed", speed);
    m.put("state", state.name().toLowerCase(java.util.Locale.ROOT));
    m.put("frames", frames);
    m.put("unknownFrames", unknown);
    long end = endedMs == 0 ? System.currentTimeMillis() : endedMs;
    m.put("seconds", (end - startedMs) / 1000.0);
    if (error != null) {
      m.put("error", error);
    }
    return m;
  }
}
