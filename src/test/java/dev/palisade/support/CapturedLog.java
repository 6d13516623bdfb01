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
      if (LINES.size() > KEEP) {
        LINES.removeFirst();
      }
    }
  }

  /** Every line kept, one per line. */
  public static String text() {
    synchronized (LINES) {
      return String.join("\n", LINES);
    }
  }
}
