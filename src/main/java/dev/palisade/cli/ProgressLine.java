package dev.palisade.cli;

import dev.palisade.imports.ImportProgress;
import java.io.PrintStream;

/**
 * The progress of a long import on standard error: one line, rewritten in place on a terminal
 * ({@code \r}), one line per update otherwise, at most every {@link #EVERY_NANOS}: entries stored
 * of the total, and the rate. On PostgreSQL, where the entries are first read into the database and
 * then stored all at once, the entries read so far, then one line saying the database is storing
 * them (it tells no count until it ends), then the stored line. Not thread-safe: told by the
 * importing thread.
 */
final class ProgressLine implements ImportProgress {

  /** At most one update per this many nanoseconds. */
  static final long EVERY_NANOS = 2_000_000_000L;

  private final PrintStream err;
  private final long started = System.nanoTime();
  private final boolean terminal = System.console() != null;
  private long lastPrinted = started;
  private boolean printed;

  /** The longest line printed on the terminal so far. */
  private int width;

  ProgressLine(PrintStream err) {
    this.err = err;
  }

  @Override
  public void stored(long stored, long total) {
    count("stored", stored, total);
  }

  @Override
  public void staged(long staged, long total) {
    count("read into the database", staged, total);
  }

  @Override
  public void storing(long total) {
    print(
        String.format(
            "storing all %,d entries at once: the database compares, writes and audits them and"
                + " tells no count until it ends, %.0f s",
            total, seconds(System.nanoTime())));
  }

  private void count(String what, long done, long total) {
    long now = System.nanoTime();
    if (now - lastPrinted < EVERY_NANOS && done < total) {
      return;
    }
    lastPrinted = now;
    double seconds = seconds(now);
    print(
        String.format(
            "%s %,d of %,d entries (%d%%), %,.0f entries/s, %.0f s",
            what, done, total, total == 0 ? 100 : done * 100 / total, done / seconds, seconds));
  }

  private double seconds(long now) {
    return Math.max(1e-9, (now - started) / 1e9);
  }

  private void print(String line) {
    if (terminal) {
      // Padded over a longer line printed before it.
      err.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
      width = Math.max(width, line.length());
    } else {
      err.println(line);
    }
    printed = true;
  }

  /** Ends the line on a terminal, so what follows starts on a line of its own. */
  void end() {
    if (terminal && printed) {
      err.println();
    }
  }
}
