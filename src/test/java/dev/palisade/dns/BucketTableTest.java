package dev.palisade.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The table with hashes chosen by hand, to show what happens when keys meet in a set: the hash's
 * low bits pick the set of {@link BucketTable#WAYS} slots, the top 16 are the fingerprint.
 */
class BucketTableTest {

  /** One answer per 100 ms, a burst of 3. */
  private static final long INTERVAL = 100_000;

  private static final long TOLERANCE = 2 * INTERVAL;

  private static final long T = 1_000_000;

  private final BucketTable table = new BucketTable(1024);

  private static long hash(int fingerprint, int set) {
    return (long) fingerprint << 48 | set;
  }

  private int admitted(long hash, long now, int tries) {
    int admitted = 0;
    for (int i = 0; i < tries; i++) {
      admitted += table.admit(hash, now, INTERVAL, TOLERANCE) ? 1 : 0;
    }
    return admitted;
  }

  @Test
  void roundsTheSizeUpToAPowerOfTwoAndNeverGrows() {
    assertThat(new BucketTable(1000).capacity()).isEqualTo(1024);
    assertThat(new BucketTable(1024).capacity()).isEqualTo(1024);
    assertThat(new BucketTable(1025).capacity()).isEqualTo(2048);
    assertThat(new BucketTable(1).capacity()).isEqualTo(BucketTable.WAYS);
    for (int key = 0; key < 100_000; key++) {
      table.admit(key * 0x9e3779b97f4a7c15L, T, INTERVAL, TOLERANCE);
    }
    assertThat(table.capacity()).isEqualTo(1024);
    assertThatThrownBy(() -> new BucketTable(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aBucketRefillsAtItsIntervalUpToItsBurst() {
    long key = hash(7, 1);

    assertThat(admitted(key, T, 10)).isEqualTo(3);
    assertThat(admitted(key, T + 50_000, 10)).isZero();
    assertThat(admitted(key, T + 100_000, 10)).isEqualTo(1);
    assertThat(admitted(key, 9 * T, 10)).isEqualTo(3);
  }

  @Test
  void keysSharingASetKeepABucketEach() {
    for (int fingerprint = 1; fingerprint <= BucketTable.WAYS; fingerprint++) {
      assertThat(admitted(hash(fingerprint, 5), T, 10)).isEqualTo(3);
    }
    for (int fingerprint = 1; fingerprint <= BucketTable.WAYS; fingerprint++) {
      assertThat(admitted(hash(fingerprint, 5), T, 10)).isZero();
    }
  }

  @Test
  void oneKeyTooManyForItsSetTakesTheLeastBusySlotAndTheBusyOnesStay() {
    for (int fingerprint = 1; fingerprint < BucketTable.WAYS; fingerprint++) {
      admitted(hash(fingerprint, 5), T, 10); // three answers: 300 ms of debt each
    }
    admitted(hash(BucketTable.WAYS, 5), T, 1); // one answer: 100 ms
    long newcomer = hash(99, 5);

    assertThat(admitted(newcomer, T, 10)).isEqualTo(3);

    for (int fingerprint = 1; fingerprint < BucketTable.WAYS; fingerprint++) {
      assertThat(admitted(hash(fingerprint, 5), T, 10)).as("kept slot and debt").isZero();
    }
    assertThat(admitted(newcomer, T, 10)).as("kept the slot it took").isZero();
  }

  @Test
  void anIdleBucketIsTakenOverAsIfEmpty() {
    for (int fingerprint = 1; fingerprint <= BucketTable.WAYS; fingerprint++) {
      admitted(hash(fingerprint, 5), T, 10);
    }

    assertThat(admitted(hash(99, 5), 2 * T, 10)).isEqualTo(3);
  }

  @Test
  void keysWithTheSameSetAndFingerprintShareOneBucket() {
    long a = hash(9, 5);
    long b = a | 1L << 30; // differs only in bits that pick neither set nor fingerprint

    assertThat(admitted(a, T, 2)).isEqualTo(2);
    assertThat(admitted(b, T, 10)).isEqualTo(1);
  }

  @Test
  void keysOfOtherSetsNeverMeet() {
    assertThat(admitted(hash(1, 5), T, 10)).isEqualTo(3);
    assertThat(admitted(hash(1, 6), T, 10)).isEqualTo(3);
  }
}
