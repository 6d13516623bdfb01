package dev.palisade.dns;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A fixed-size hash table of token buckets for response rate limiting: one {@code long} per bucket,
 * updated by compare-and-set, so it is lock-free, allocation-free per call and never grows whatever
 * the sources. Thread-safe.
 *
 * <p>Each bucket is a GCRA ("virtual scheduling", ITU-T I.371), the token bucket in one number: the
 * theoretical arrival time (TAT) of the next answer. An answer at time {@code now} is admitted when
 * {@code max(TAT, now) - now <= tolerance}, and then moves the TAT one {@code interval} on; refused
 * answers leave it alone. With {@code interval = 1s / rate} and {@code tolerance = (burst - 1) *
 * interval} that is a bucket of {@code burst} tokens refilled at {@code rate} per second. A bucket
 * whose TAT has passed is as good as a fresh one, so nothing ever needs to be cleaned up.
 *
 * <p>A slot packs a 16-bit fingerprint of the key (the top bits of its hash) and a 48-bit TAT in
 * microseconds (8.9 years). The slots form sets of {@link #WAYS}, 64 bytes, one or two cache lines
 * (measured: two slots far apart cost a second cache miss, about 100 ns a query when the table is
 * cold). A key's set comes from the low bits of its hash; the key uses the slot of its set holding
 * its fingerprint, or else takes over the least busy slot of the set (the earliest TAT: an idle or
 * empty bucket first, then the one with the least debt). So under a flood of spoofed random sources
 * the busy buckets — the flooded victim's, a real resolver's — stay, and the one-answer buckets of
 * random sources replace each other. Two keys of one set with the same fingerprint (one in 65,536)
 * share a bucket; an evicted bucket starts afresh. The hash must be keyed with a secret, so that no
 * one can aim at a victim's set.
 */
final class BucketTable {

  /** Slots per set: one 64-byte line of longs. */
  static final int WAYS = 8;

  private static final int FINGERPRINT_SHIFT = 48;
  private static final long TIME_MASK = (1L << FINGERPRINT_SHIFT) - 1;

  /** CAS attempts before giving up on a slot other threads keep changing. */
  private static final int ATTEMPTS = 8;

  private final AtomicLongArray slots;

  /** Masks a hash to the first slot of its set. */
  private final int setMask;

  /**
   * @param size how many buckets; rounded up to a power of two, at least {@link #WAYS}, at most
   *     2^24 so that the set index and the fingerprint come from separate bits of one 64-bit hash
   */
  BucketTable(int size) {
    if (size < 1 || size > 1 << 24) {
      throw new IllegalArgumentException("table size " + size + " is not 1 to 2^24");
    }
    int capacity = Math.max(WAYS, Integer.highestOneBit(size - 1) << 1);
    this.slots = new AtomicLongArray(capacity);
    this.setMask = (capacity - 1) & -WAYS;
  }

  /** How many buckets the table holds. */
  int capacity() {
    return slots.length();
  }

  /**
   * Takes one token from the key's bucket if it has one.
   *
   * @param hash a well-mixed, keyed 64-bit hash of the key
   * @param now the time in microseconds, monotonic, below 2^48
   * @param interval microseconds per token, at least 1
   * @param tolerance microseconds of burst, {@code (burst - 1) * interval}
   * @return true when the answer may go; false when the bucket is empty, or when other threads kept
   *     changing its slot through every attempt (a slot that contended is a busy one)
   */
  boolean admit(long hash, long now, long interval, long tolerance) {
    int set = (int) (hash << 3) & setMask; // the hash's low bits, in steps of a set
    long fingerprint = hash >>> FINGERPRINT_SHIFT;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      int slot = -1;
      long state = 0;
      int leastBusy = -1;
      long leastState = 0;
      for (int i = set; i < set + WAYS; i++) {
        long current = slots.get(i);
        if (current >>> FINGERPRINT_SHIFT == fingerprint) {
          slot = i;
          state = current;
          break;
        }
        if (leastBusy < 0 || (current & TIME_MASK) < (leastState & TIME_MASK)) {
          leastBusy = i;
          leastState = current;
        }
      }
      long tat;
      if (slot >= 0) {
        tat = Math.max(state & TIME_MASK, now);
      } else {
        slot = leastBusy;
        state = leastState;
        tat = now;
      }
      if (tat - now > tolerance) {
        return false;
      }
      long next = (fingerprint << FINGERPRINT_SHIFT) | Math.min(tat + interval, TIME_MASK);
      if (slots.compareAndSet(slot, state, next)) {
        return true;
      }
    }
    return false;
  }
}
