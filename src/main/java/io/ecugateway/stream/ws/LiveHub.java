package io.ecugateway.stream.ws;

import io.ecugateway.stream.CatalogueEntry;
import io.ecugateway.stream.LiveBatch;
import io.ecugateway.stream.LiveCatalogue;
import io.ecugateway.stream.LiveRouter;
import io.ecugateway.stream.LiveSession;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The live fan-out of one node. Decoded batches and catalogue entries are published on the event
 * bus ({@link #SAMPLES}, {@link #CATALOGUE}); every event loop that serves live clients has one
 * {@link Local} hub with its own event-bus consumer and {@link LiveRouter}, so a message crosses
 * threads once per event loop, not once per client, and each client is only ever touched on its own
 * event loop.
 */
public final class LiveHub {
  public static final String SAMPLES = "ecugw.live.samples";
  public static final String CATALOGUE = "ecugw.live.catalogue";

  /** Batches an event loop may have waiting before publishers wait. */
  static final int MAX_PENDING_BATCHES = 256;

  /** How often values whose decimation interval ended are flushed (the trailing value). */
  static final long FLUSH_PERIOD_MS = 10;

  private final Vertx vertx;
  private final LiveCatalogue catalogue = new LiveCatalogue();
  private final Map<Thread, Local> locals = new ConcurrentHashMap<>();
  private final Counter framesIn;
  private final Counter unknownFrames;

  public LiveHub(Vertx vertx, MeterRegistry meters) {
    this.vertx = vertx;
    LiveCodecs.register(vertx.eventBus());
    this.framesIn =
        Counter.builder("ecugw.live.frames.in")
            .description("Live frames received (WebSocket, TCP, replay)")
            .register(meters);
    this.unknownFrames =
        Counter.builder("ecugw.live.frames.unknown")
            .description("Live frames whose identifier no DBC of the device knows")
            .register(meters);
    Gauge.builder("ecugw.live.clients", this, h -> h.sessions().size())
        .description("Connected /ws/live clients")
        .register(meters);
    Gauge.builder("ecugw.live.dropped", this, LiveHub::droppedTotal)
        .description("Updates coalesced or dropped because a live client could not keep up")
        .register(meters);
  }

  public LiveCatalogue catalogue() {
    return catalogue;
  }

  /**
   * Publishes a batch to every live client (of every node, when clustered). Thread-safe. Called
   * from ingest threads (never an event loop): when an event loop of this node has {@link
   * #MAX_PENDING_BATCHES} batches not yet dispatched, the caller waits, so a fast source slows down
   * (and, over WebSocket or TCP, its sender) instead of queueing without bound.
   */
  public void publish(LiveBatch batch) {
    for (Local l : locals.values()) {
      l.awaitRoom();
    }
    for (Local l : locals.values()) {
      l.pending.incrementAndGet();
    }
    vertx.eventBus().publish(SAMPLES, batch);
  }

  /** Thread-safe: announces a new catalogue entry. */
  public void announce(CatalogueEntry entry) {
    vertx.eventBus().publish(CATALOGUE, entry);
  }

  void countFrames(long frames, long unknown) {
    framesIn.increment(frames);
    unknownFrames.increment(unknown);
  }

  /** The hub of the calling event loop (created on first use). */
  Local local() {
    Context ctx = Vertx.currentContext();
    if (ctx == null) {
      throw new IllegalStateException("live sessions must be created on a Vert.x event loop");
    }
    // Each connection may have its own (duplicated) context; the event-loop thread is what they
    // share, so the hub is per thread.
    return locals.computeIfAbsent(Thread.currentThread(), t -> new Local(ctx));
  }

  /** Number of event loops with live clients (for tests). */
  int eventLoops() {
    return locals.size();
  }

  /** Every session on this node (for metrics and tests; sessions are read, not changed). */
  List<LiveSession> sessions() {
    List<LiveSession> all = new ArrayList<>();
    for (Local l : locals.values()) {
      all.addAll(l.router.sessions());
    }
    return all;
  }

  private double droppedTotal() {
    long sum = 0;
    for (LiveSession s : sessions()) {
      sum += s.dropped();
    }
    return sum;
  }

  /** Unregisters the event-bus consumers and timers of every event loop. */
  void close() {
    for (Local l : locals.values()) {
      l.context.runOnContext(v -> l.close());
    }
    locals.clear();
  }

  /** Fan-out state of one event loop; used on that loop only. */
  final class Local {
    final Context context;
    final LiveRouter router = new LiveRouter(catalogue);
    final AtomicInteger pending = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition room = lock.newCondition();
    private final MessageConsumer<LiveBatch> samples;
    private final MessageConsumer<CatalogueEntry> entries;
    private final long timer;
    private volatile boolean closed;

    Local(Context context) {
      this.context = context;
      this.samples =
          vertx
              .eventBus()
              .consumer(
                  SAMPLES,
                  m -> {
                    router.dispatch(m.body().messages(), System.nanoTime());
                    released();
                  });
      this.entries =
          vertx
              .eventBus()
              .consumer(
                  CATALOGUE,
                  m -> {
                    // Entries from other nodes join this node's catalogue too.
                    catalogue.add(m.body().device(), m.body().message());
                    router.catalogueUpdate(m.body().device(), m.body().message());
                  });
      this.timer = vertx.setPeriodic(FLUSH_PERIOD_MS, id -> router.flushDue(System.nanoTime()));
    }

    void awaitRoom() {
      if (pending.get() < MAX_PENDING_BATCHES) {
        return;
      }
      lock.lock();
      try {
        while (pending.get() >= MAX_PENDING_BATCHES && !closed) {
          room.await(10, TimeUnit.MILLISECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        lock.unlock();
      }
    }

    private void released() {
      // A batch published before this loop's hub existed was never counted: stay at 0.
      if (pending.getAndUpdate(p -> Math.max(0, p - 1)) == MAX_PENDING_BATCHES) {
        lock.lock();
        try {
          room.signalAll();
        } finally {
          lock.unlock();
        }
      }
    }

    void close() {
      closed = true;
      samples.unregister();
      entries.unregister();
      vertx.cancelTimer(timer);
    }
  }
}
