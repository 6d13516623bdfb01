package dev.palisade.support;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Keeps the last log lines of the loggers {@code logback-test.xml} attaches it to, as {@code "LEVEL
 * logger: message"}, for tests that check what the application reports. The lines live in a static
 * buffer, so they survive the logging system being configured again when a test starts the
 * application several times; capturing the console instead misses every line once a cached test
 * context has configured logging before the capture began.
 */
public final class CapturedLog extends AppenderBase<ILoggingEvent> {

  /** Appended to a line whose event carries an exception, i.e. a stack trace in the real log. */
  public static final String STACK_TRACE = " [with stack trace]";

  private static final int KEEP = 5_000;
  private static final Deque<String> LINES = new ArrayDeque<>();

  /** How many lines were ever appended: what {@link #mark} and {@link #since} count by. */
  private static long appended;

  @Override
  protected void append(ILoggingEvent event) {
    String line =
        event.getLevel()
            + " "
            + event.getLoggerName()
            + ": "
            + event.getFormattedMessage()
            + (event.getThrowableProxy() == null ? "" : STACK_TRACE);
    synchronized (LINES) {
      LINES.addLast(line);
      appended++;
      if (LINES.size() > KEEP) {
        LINES.removeFirst();
      }
    }
  }

  /**
   * Where the log stands now: {@link #since} gives the lines after it, so a test reads only what
   * happened while it ran, not what an earlier test class in the same JVM logged.
   */
  public static long mark() {
    synchronized (LINES) {
      return appended;
    }
  }

  /** The lines kept that were appended after the mark, one per line. */
  public static String since(long mark) {
    synchronized (LINES) {
      long first = appended - LINES.size();
      return LINES.stream()
          .skip(Math.max(0, mark - first))
          .collect(java.util.stream.Collectors.joining("\n"));
    }
  }

  /** Every line kept, one per line. */
  public static String text() {
    synchronized (LINES) {
      return String.join("\n", LINES);
    }
  }
}
