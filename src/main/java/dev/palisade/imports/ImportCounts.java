package dev.palisade.imports;

import java.util.concurrent.atomic.LongAdder;

/**
 * How many imports were stored and how many failed since start-up, as plain running totals for the
 * metrics to read ({@code metrics.WriteMeters}). An import is one call that stores entries read
 * from files or a body, whatever calls it (web UI, API, command line); reading a preview without
 * storing is not one.
 *
 * <p>Thread-safe and lock-free.
 */
public final class ImportCounts {

  private final LongAdder done = new LongAdder();
  private final LongAdder failed = new LongAdder();

  void done() {
    done.increment();
  }

  void failed() {
    failed.increment();
  }

  /** Imports stored since start-up. */
  public long doneTotal() {
    return done.sum();
  }

  /** Imports that stored nothing because of bad input or an error, since start-up. */
  public long failedTotal() {
    return failed.sum();
  }
}
