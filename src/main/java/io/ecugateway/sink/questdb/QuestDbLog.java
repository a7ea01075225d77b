package io.ecugateway.sink.questdb;

import io.questdb.log.LogFactory;
import io.questdb.log.LogLevel;
import io.questdb.log.LogRecordUtf8Sink;
import io.questdb.log.LogWriter;
import io.questdb.mp.QueueConsumer;
import io.questdb.mp.RingQueue;
import io.questdb.mp.SCSequence;
import io.questdb.mp.SynchronizedJob;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * QuestDB's log writer (named in the {@code log.conf} the sink writes) that hands QuestDB's
 * messages to the gateway's own log under the logger {@code io.questdb}: errors as WARN, critical
 * ones as ERROR, the start-up banner and advisories (e.g. "vm.max_map_count limit is too low") as
 * DEBUG. QuestDB enables every level above the lowest one configured, so the filtering is done
 * here.
 */
public final class QuestDbLog extends SynchronizedJob implements LogWriter, Closeable {
  static final String LOGGER = "io.questdb";
  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

  private final RingQueue<LogRecordUtf8Sink> ring;
  private final SCSequence subSeq;
  private final QueueConsumer<LogRecordUtf8Sink> consumer = this::forward;

  /** The constructor QuestDB's log factory calls (reflectively) for each configured writer. */
  public QuestDbLog(RingQueue<LogRecordUtf8Sink> ring, SCSequence subSeq, int level) {
    this.ring = ring;
    this.subSeq = subSeq;
  }

  /**
   * Reads QuestDB's log configuration now (QuestDB does it once per JVM, at its first logger),
   * without the line about it that QuestDB prints straight to {@code System.err}: that line is held
   * back, anything else printed meanwhile is passed on.
   */
  static synchronized void initialise() {
    PrintStream stderr = System.err;
    ByteArrayOutputStream held = new ByteArrayOutputStream();
    System.setErr(new PrintStream(held, true, StandardCharsets.UTF_8));
    try {
      LogFactory.getInstance();
    } finally {
      System.setErr(stderr);
      held.toString(StandardCharsets.UTF_8)
          .lines()
          .filter(line -> !line.startsWith("Log configuration loaded"))
          .filter(line -> !line.startsWith("Reading log configuration"))
          .forEach(stderr::println);
    }
  }

  @Override
  public void bindProperties(LogFactory factory) {}

  @Override
  protected boolean runSerially() {
    return subSeq.consumeAll(ring, consumer);
  }

  private void forward(LogRecordUtf8Sink record) {
    int level = record.getLevel();
    if ((level & LogLevel.CRITICAL) != 0) {
      LOG.error("{}", message(record.toString()));
    } else if ((level & LogLevel.ERROR) != 0) {
      LOG.warn("{}", message(record.toString()));
    } else if (LOG.isDebugEnabled()) {
      LOG.debug("{}", message(record.toString()));
    }
  }

  /**
   * {@code "2026-12-07T14:24:08.093Z E i.q.c.CairoEngine text\nmore\n"} → {@code "i.q.c.CairoEngine
   * text more"}: our log adds its own time and level.
   */
  static String message(String line) {
    String text = line.strip().replaceAll("\\s*\\R\\s*", " "); // one event, one line
    int afterTime = text.indexOf(' ');
    if (afterTime > 0 && afterTime + 2 < text.length() && text.charAt(afterTime + 2) == ' ') {
      return text.substring(afterTime + 3);
    }
    return text;
  }

  @Override
  public void close() {}
}
