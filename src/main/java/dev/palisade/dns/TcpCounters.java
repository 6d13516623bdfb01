package dev.palisade.dns;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the DNS server's TCP side turned away, counted since start: connections refused for want of
 * a free slot or over their source's share, and connections closed for idling or for sending a
 * message too slowly. For whoever shows the server's health (metrics); the server only adds.
 *
 * <p>Thread-safe and lock-free: the acceptor and the connection threads add concurrently; a reader
 * sees each count as of some recent moment.
 */
public final class TcpCounters {

  private final LongAdder refusedFull = new LongAdder();
  private final LongAdder refusedPerSource = new LongAdder();
  private final LongAdder closedIdle = new LongAdder();
  private final LongAdder closedSlow = new LongAdder();
  private final LongAdder closedUnread = new LongAdder();

  /** Connections closed on accepting because every slot was taken ({@code tcp-max-connections}). */
  public long refusedFull() {
    return refusedFull.sum();
  }

  /**
   * Connections closed on accepting because their source held its share ({@code
   * tcp-max-per-source}).
   */
  public long refusedPerSource() {
    return refusedPerSource.sum();
  }

  /** Connections closed after {@code tcp-idle-timeout} without a new message. */
  public long closedIdle() {
    return closedIdle.sum();
  }

  /** Connections closed because a message did not arrive within {@code tcp-message-timeout}. */
  public long closedSlow() {
    return closedSlow.sum();
  }

  /**
   * Connections closed because an answer could not be written within {@code tcp-message-timeout}:
   * the client did not read its answers.
   */
  public long closedUnread() {
    return closedUnread.sum();
  }

  void refusedFull(int count) {
    refusedFull.add(count);
  }

  void refusedPerSource(int count) {
    refusedPerSource.add(count);
  }

  void closedIdle(int count) {
    closedIdle.add(count);
  }

  void closedSlow(int count) {
    closedSlow.add(count);
  }

  void closedUnread(int count) {
    closedUnread.add(count);
  }
}
