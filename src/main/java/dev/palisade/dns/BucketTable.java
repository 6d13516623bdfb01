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
 * microseconds (8.9 years). A key has two candidate slots from independent bits of its hash; it
 * uses the one holding its fingerprint, or else takes over the candidate whose bucket is least busy
 * (the earlier TAT: an idle or empty bucket first, then the one with the least debt). So under a
 * flood of spoofed random sources the busy buckets — the flooded victim's, a real resolver's —
 * stay, and the one-answer buckets of random sources replace each other. Two keys with the same
 * slot and fingerprint (one in 65,536 of those sharing a slot) share a bucket; an evicted bucket
 * starts afresh. The hash must be keyed with a secret, so that no one can aim at a victim's slots.
 */
final class BucketTable {

  private static final int FINGERPRINT_SHIFT = 48;
  private static final long TIME_MASK = (1L << FINGERPRINT_SHIFT) - 1;

  /** CAS attempts before giving up on a slot other threads keep changing. */
  private static final int ATTEMPTS = 8;

  private final AtomicLongArray slots;
  private final int mask;

  /**
   * @param size how many buckets; rounded up to a power of two, at most 2^24 so that two slot
   *     indexes and the fingerprint come from separate bits of one 64-bit hash
   */
  BucketTable(int size) {
    if (size < 1 || size > 1 << 24) {
      throw new IllegalArgumentException("table size " + size + " is not 1 to 2^24");
    }
    int capacity = size == 1 ? 1 : Integer.highestOneBit(size - 1) << 1;
    this.slots = new AtomicLongArray(capacity);
    this.mask = capacity - 1;
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
    int first = (int) hash & mask;
    int second = (int) (hash >>> 24) & mask;
    long fingerprint = hash >>> FINGERPRINT_SHIFT;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      long a = slots.get(first);
      long b = slots.get(second);
      int slot;
      long state;
      long tat;
      if (a >>> FINGERPRINT_SHIFT == fingerprint) {
        slot = first;
        state = a;
        tat = Math.max(a & TIME_MASK, now);
      } else if (b >>> FINGERPRINT_SHIFT == fingerprint) {
        slot = second;
        state = b;
        tat = Math.max(b & TIME_MASK, now);
      } else {
        boolean takeFirst = (a & TIME_MASK) <= (b & TIME_MASK);
        slot = takeFirst ? first : second;
        state = takeFirst ? a : b;
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
