package dev.palisade.dns;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the DNS server counts besides its answers (those go to the {@link AnswerObserver}): the
 * events of its defences, as plain running totals since start-up that the metrics read when they
 * are scraped. The DNS package knows no metrics library; each total here becomes one meter there
 * ({@code metrics.DnsMeters}), so a new defence adds a field here and one line there.
 *
 * <p>Thread-safe and lock-free: {@link LongAdder}s, for the receiving and accepting threads.
 */
public final class DnsCounts {

  private final LongAdder tcpRefused = new LongAdder();

  /** A TCP connection closed at once because every connection slot was taken (RFC 7766 §6.2.2). */
  void tcpRefused() {
    tcpRefused.increment();
  }

  /** TCP connections refused since start-up. */
  public long tcpRefusedTotal() {
    return tcpRefused.sum();
  }
}
