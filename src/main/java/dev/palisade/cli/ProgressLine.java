package dev.palisade.cli;

import dev.palisade.imports.ImportProgress;
import java.io.PrintStream;

/**
 * The progress of a long import on standard error: one line, rewritten in place on a terminal
 * ({@code \r}), one line per update otherwise, at most every {@link #EVERY_NANOS}: entries stored
 * of the total, and the rate. Not thread-safe: told by the importing thread.
 */
final class ProgressLine implements ImportProgress {

  /** At most one update per this many nanoseconds. */
  static final long EVERY_NANOS = 2_000_000_000L;

  private final PrintStream err;
  private final long started = System.nanoTime();
  private final boolean terminal = System.console() != null;
  private long lastPrinted = started;
  private boolean printed;

  ProgressLine(PrintStream err) {
    this.err = err;
  }

  @Override
  public void stored(long stored, long total) {
    long now = System.nanoTime();
    if (now - lastPrinted < EVERY_NANOS && stored < total) {
      return;
    }
    lastPrinted = now;
    double seconds = Math.max(1e-9, (now - started) / 1e9);
    String line =
        String.format(
            "stored %,d of %,d entries (%d%%), %,.0f entries/s, %.0f s",
            stored, total, total == 0 ? 100 : stored * 100 / total, stored / seconds, seconds);
    if (terminal) {
      err.print("\r" + line);
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
