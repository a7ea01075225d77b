package io.ecugateway.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TimestampWindowTest {
  private static final long DAY_NS = 86_400_000_000_000L;

  /** 2000-01-01T00:00:00Z, the default {@code decode.minTimestamp}. */
  private static final long Y2000_NS = 946_684_800_000_000_000L;

  private static long ns(String instant) {
    Instant t = Instant.parse(instant);
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  @Test
  void defaultWindowIsYear2000ToOneDayAhead() {
    AtomicLong clock = new AtomicLong(Instant.parse("2026-12-07T12:00:00Z").toEpochMilli());
    AtomicLong rejected = new AtomicLong();
    TimestampWindow w =
        new TimestampWindow(Y2000_NS, DAY_NS, clock::get, rejected::incrementAndGet);
    assertTrue(w.admits(ns("2000-01-01T00:00:00Z")));
    assertFalse(w.admits(ns("1999-12-31T23:59:59.999999999Z")));
    assertFalse(w.admits(0), "a frame without a date");
    assertFalse(w.admits(-1));
    assertTrue(w.admits(ns("2026-12-08T12:00:00Z")), "exactly one day ahead");
    assertFalse(w.admits(ns("2026-12-08T12:00:00.000000001Z")));
    assertFalse(w.admits(ns("2262-04-11T00:00:00Z")), "the 2.5 GB partition");
    assertFalse(w.admits(Long.MAX_VALUE));
    assertEquals(6, rejected.get());
  }

  @Test
  void theUpperBoundFollowsTheClock() {
    AtomicLong clock = new AtomicLong(Instant.parse("2026-12-07T12:00:00Z").toEpochMilli());
    TimestampWindow w = new TimestampWindow(0, DAY_NS, clock::get, () -> {});
    long tomorrowNoonPlus1h = ns("2026-12-08T13:00:00Z");
    assertFalse(w.admits(tomorrowNoonPlus1h));
    clock.addAndGet(2 * 3_600_000L);
    assertTrue(w.admits(tomorrowNoonPlus1h), "two hours later it is less than a day ahead");
  }

  @Test
  void admittingAllocatesNothing() {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    AtomicLong rejected = new AtomicLong();
    TimestampWindow w = new TimestampWindow(Y2000_NS, DAY_NS, rejected::incrementAndGet);
    long now = System.currentTimeMillis() * 1_000_000L;
    long sum = 0;
    for (int i = 0; i < 100_000; i++) { // warm up
      sum += w.admits(now + i) ? 1 : 0;
      sum += w.admits(i) ? 1 : 0;
    }
    long id = Thread.currentThread().threadId();
    long before = threads.getThreadAllocatedBytes(id);
    for (int i = 0; i < 1_000_000; i++) {
      sum += w.admits(now + i) ? 1 : 0;
      sum += w.admits(i) ? 1 : 0;
    }
    long allocated = threads.getThreadAllocatedBytes(id) - before;
    assertEquals(1_100_000, sum);
    assertEquals(1_100_000, rejected.get());
    assertTrue(allocated < 1024, allocated + " bytes allocated for 2 M checks");
  }
}
