package io.ecugateway.server;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Runs blocking work on virtual threads, at most {@code limit} at a time, and hands the result back
 * to the calling Vert.x context as a {@link Future}. The event loop never waits on a file, a
 * decoder or a database.
 */
public final class VirtualWorkers implements AutoCloseable {
  private final Vertx vertx;
  private final Semaphore permits;
  private final ExecutorService executor;

  public VirtualWorkers(Vertx vertx, String name, int limit) {
    this.vertx = vertx;
    this.permits = new Semaphore(limit);
    this.executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(name, 0).factory());
  }

  /** Runs {@code work} on a virtual thread; the future completes on the caller's context. */
  public <T> Future<T> submit(Callable<T> work) {
    Context context = vertx.getOrCreateContext();
    Promise<T> promise = Promise.promise();
    executor.execute(
        () -> {
          T result;
          try {
            permits.acquire();
            try {
              result = work.call();
            } finally {
              permits.release();
            }
          } catch (Throwable t) {
            context.runOnContext(v -> promise.fail(t));
            return;
          }
          context.runOnContext(v -> promise.complete(result));
        });
    return promise.future();
  }

  /** Waits up to {@code seconds} for running work, then interrupts what is left. */
  public void drain(int seconds) throws InterruptedException {
    executor.shutdown();
    if (!executor.awaitTermination(seconds, TimeUnit.SECONDS)) {
      executor.shutdownNow();
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
