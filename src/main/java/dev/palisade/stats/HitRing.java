package dev.palisade.stats;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A fixed-size ring of listed answers waiting to be attributed to their entries: for each, the zone
 * label and list, the labels in front of the zone as they came on the wire (at most the ring's
 * subject length), and the time. Every cell is allocated up front, so recording a hit copies bytes
 * and allocates nothing.
 *
 * <p>Thread-safe for any number of writers and one reader (a bounded queue after D. Vyukov: one
 * sequence number per cell, one compare-and-set to claim a cell, no lock). When the ring is full
 * the hit is dropped and counted in {@link #dropped()}, so the DNS path never waits: entry hit
 * counts are a lower bound when traffic outruns the reader.
 */
final class HitRing {

  /** The longest subject kept: a DNS name never exceeds 255 bytes. */
  static final int MAX_SUBJECT = 255;

  /** Receives drained hits; the subject bytes are valid only during the call. */
  interface Sink {
    void accept(String label, int list, byte[] subject, int from, int length, long millis);
  }

  private final int mask;
  private final int cell;
  private final int maxSubject;
  private final AtomicLongArray sequence;
  private final byte[] subjects;
  private final int[] lengths;
  private final String[] labels;
  private final byte[] lists;
  private final long[] times;
  private final AtomicLong tail = new AtomicLong();
  private final LongAdder dropped = new LongAdder();

  /** Read position; touched by the one reader only. */
  private long head;

  /**
   * @param capacity cells, a power of two
   */
  HitRing(int capacity) {
    this(capacity, MAX_SUBJECT + 1);
  }

  /**
   * @param capacity cells, a power of two
   * @param cellBytes the bytes of a cell's subject, a power of two up to 256; it holds subjects of
   *     that length (255 at most), and longer ones are dropped
   */
  HitRing(int capacity, int cellBytes) {
    if (capacity < 2 || Integer.bitCount(capacity) != 1) {
      throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
    }
    if (cellBytes < 2 || cellBytes > MAX_SUBJECT + 1 || Integer.bitCount(cellBytes) != 1) {
      throw new IllegalArgumentException("cells of a power of two up to 256 bytes: " + cellBytes);
    }
    mask = capacity - 1;
    cell = cellBytes;
    maxSubject = Math.min(cellBytes, MAX_SUBJECT);
    sequence = new AtomicLongArray(capacity);
    for (int i = 0; i < capacity; i++) {
      sequence.set(i, i);
    }
    subjects = new byte[capacity * cell];
    lengths = new int[capacity];
    labels = new String[capacity];
    lists = new byte[capacity];
    times = new long[capacity];
  }

  /**
   * Records one hit, or drops it when the ring is full or the subject too long. Never blocks and
   * never allocates.
   */
  boolean offer(String label, int list, byte[] wire, int from, int length, long millis) {
    if (length > maxSubject || length < 0) {
      dropped.increment();
      return false;
    }
    long position = tail.get();
    int at;
    while (true) {
      at = (int) position & mask;
      long difference = sequence.get(at) - position;
      if (difference == 0) {
        if (tail.compareAndSet(position, position + 1)) {
          break;
        }
        position = tail.get();
      } else if (difference < 0) {
        dropped.increment(); // the reader has not freed this cell yet: full
        return false;
      } else {
        position = tail.get(); // another writer took it
      }
    }
    System.arraycopy(wire, from, subjects, at * cell, length);
    lengths[at] = length;
    labels[at] = label;
    lists[at] = (byte) list;
    times[at] = millis;
    sequence.set(at, position + 1); // publishes the cell to the reader
    return true;
  }

  /** Hands every published hit to the sink, oldest first; for the one reader. */
  synchronized int drain(Sink sink) {
    int drained = 0;
    while (true) {
      int at = (int) head & mask;
      if (sequence.get(at) != head + 1) {
        return drained;
      }
      sink.accept(labels[at], lists[at], subjects, at * cell, lengths[at], times[at]);
      labels[at] = null;
      sequence.set(at, head + mask + 1); // free for the writer one lap later
      head++;
      drained++;
    }
  }

  /** The longest subject a cell holds. */
  int maxSubject() {
    return maxSubject;
  }

  /** Hits dropped since the last call because the ring was full. */
  long dropped() {
    return dropped.sumThenReset();
  }
}
