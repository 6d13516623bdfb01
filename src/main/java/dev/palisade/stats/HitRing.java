package dev.palisade.stats;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A fixed-size ring of listed answers waiting to be attributed to their entries: for each, the zone
 * label and list, the labels in front of the zone as they came on the wire, and the time. Every
 * cell is allocated up front, so recording a hit copies bytes and allocates nothing.
 *
 * <p>Thread-safe for any number of writers and one reader (a bounded queue after D. Vyukov: one
 * sequence number per cell, one compare-and-set to claim a cell, no lock). When the ring is full
 * the hit is dropped and counted in {@link #dropped()}, so the DNS path never waits: entry hit
 * counts are a lower bound when traffic outruns the reader.
 */
final class HitRing {

  /** The longest subject kept: a DNS name never exceeds 255 bytes. */
  static final int MAX_SUBJECT = 255;

  private static final int CELL = MAX_SUBJECT + 1;

  /** Receives drained hits; the subject bytes are valid only during the call. */
  interface Sink {
    void accept(String label, int list, byte[] subject, int from, int length, long millis);
  }

  private final int mask;
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
    if (capacity < 2 || Integer.bitCount(capacity) != 1) {
      throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
    }
    mask = capacity - 1;
    sequence = new AtomicLongArray(capacity);
    for (int i = 0; i < capacity; i++) {
      sequence.set(i, i);
    }
    subjects = new byte[capacity * CELL];
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
    if (length > MAX_SUBJECT || length < 0) {
      dropped.increment();
      return false;
    }
    long position = tail.get();
    int cell;
    while (true) {
      cell = (int) position & mask;
      long difference = sequence.get(cell) - position;
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
    System.arraycopy(wire, from, subjects, cell * CELL, length);
    lengths[cell] = length;
    labels[cell] = label;
    lists[cell] = (byte) list;
    times[cell] = millis;
    sequence.set(cell, position + 1); // publishes the cell to the reader
    return true;
  }

  /** Hands every published hit to the sink, oldest first; for the one reader. */
  synchronized int drain(Sink sink) {
    int drained = 0;
    while (true) {
      int cell = (int) head & mask;
      if (sequence.get(cell) != head + 1) {
        return drained;
      }
      sink.accept(labels[cell], lists[cell], subjects, cell * CELL, lengths[cell], times[cell]);
      labels[cell] = null;
      sequence.set(cell, head + mask + 1); // free for the writer one lap later
      head++;
      drained++;
    }
  }

  /** Hits dropped since the last call because the ring was full. */
  long dropped() {
    return dropped.sumThenReset();
  }
}
