package dev.palisade.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The table with hashes chosen by hand, to show what happens when keys meet in a slot: the hash's
 * low 24 bits pick the first slot, the next 24 the second, the top 16 are the fingerprint.
 */
class BucketTableTest {

  /** One answer per 100 ms, a burst of 3. */
  private static final long INTERVAL = 100_000;

  private static final long TOLERANCE = 2 * INTERVAL;

  private final BucketTable table = new BucketTable(1024);

  private static long hash(int fingerprint, int first, int second) {
    return (long) fingerprint << 48 | (long) second << 24 | first;
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
    for (int key = 0; key < 100_000; key++) {
      table.admit(key * 0x9e3779b97f4a7c15L, 1000, INTERVAL, TOLERANCE);
    }
    assertThat(table.capacity()).isEqualTo(1024);
    assertThatThrownBy(() -> new BucketTable(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aBucketRefillsAtItsIntervalUpToItsBurst() {
    long key = hash(7, 1, 2);

    assertThat(admitted(key, 1_000_000, 10)).isEqualTo(3);
    assertThat(admitted(key, 1_050_000, 10)).isZero();
    assertThat(admitted(key, 1_100_000, 10)).isEqualTo(1);
    assertThat(admitted(key, 9_000_000, 10)).isEqualTo(3);
  }

  @Test
  void twoKeysSharingBothSlotsKeepABucketEach() {
    long a = hash(1, 5, 6);
    long b = hash(2, 5, 6);

    assertThat(admitted(a, 1_000_000, 10)).isEqualTo(3);
    assertThat(admitted(b, 1_000_000, 10)).isEqualTo(3);
    assertThat(admitted(a, 1_000_000, 10)).isZero();
    assertThat(admitted(b, 1_000_000, 10)).isZero();
  }

  @Test
  void aThirdKeyTakesTheSlotOfTheLeastBusyBucketAndTheBusyOneStays() {
    long busy = hash(1, 5, 6);
    long light = hash(2, 5, 6);
    long newcomer = hash(3, 6, 5);
    admitted(busy, 1_000_000, 10); // three answers: 300 ms of debt
    admitted(light, 1_000_000, 1); // one answer: 100 ms

    assertThat(admitted(newcomer, 1_000_000, 10)).isEqualTo(3);

    assertThat(admitted(busy, 1_000_000, 10)).as("kept its slot and its debt").isZero();
    assertThat(admitted(newcomer, 1_000_000, 10)).as("kept the slot it took").isZero();
  }

  @Test
  void anIdleBucketIsTakenOverAsIfEmpty() {
    long old = hash(1, 5, 6);
    long other = hash(2, 5, 6);
    long newcomer = hash(3, 5, 6);
    admitted(old, 1_000_000, 10);
    admitted(other, 1_000_000, 10);

    assertThat(admitted(newcomer, 2_000_000, 10)).isEqualTo(3);
    assertThat(admitted(old, 2_000_000, 10) + admitted(other, 2_000_000, 10))
        .as("one of them kept its slot, idle, the other starts afresh")
        .isEqualTo(6);
  }

  @Test
  void keysWithTheSameSlotAndFingerprintShareOneBucket() {
    long a = hash(9, 5, 6);
    long b = hash(9, 5, 77); // another second slot, but the first holds the same fingerprint

    assertThat(admitted(a, 1_000_000, 2)).isEqualTo(2);
    assertThat(admitted(b, 1_000_000, 10)).isEqualTo(1);
  }
}
