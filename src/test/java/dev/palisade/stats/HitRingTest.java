package dev.palisade.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HitRingTest {

  @Test
  void keepsHitsInOrderAndDropsWhenFull() {
    HitRing ring = new HitRing(4);
    byte[] wire = "xabcdefgh".getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < 6; i++) {
      ring.offer("acme", i % 4, wire, 1, 1 + i % 3, 100 + i);
    }
    List<String> seen = new ArrayList<>();
    ring.drain(
        (label, list, subject, from, length, millis) ->
            seen.add(
                label
                    + list
                    + new String(subject, from, length, StandardCharsets.US_ASCII)
                    + millis));
    assertThat(seen).containsExactly("acme0a100", "acme1ab101", "acme2abc102", "acme3a103");
    assertThat(ring.dropped()).isEqualTo(2);
    assertThat(ring.dropped()).isZero();

    ring.offer("b", 0, wire, 0, 2, 7);
    seen.clear();
    ring.drain((label, list, subject, from, length, millis) -> seen.add(label + length));
    assertThat(seen).containsExactly("b2");
  }

  @Test
  void cellsOfSixtyFourBytesKeepSubjectsUpToThatLengthAndDropLongerOnes() {
    HitRing ring = new HitRing(8, 64);
    byte[] wire = new byte[80];
    for (int i = 0; i < wire.length; i++) {
      wire[i] = (byte) i;
    }
    assertThat(ring.offer("z", 0, wire, 0, 64, 1)).isTrue();
    assertThat(ring.offer("z", 0, wire, 16, 3, 2)).isTrue();
    assertThat(ring.offer("z", 0, wire, 0, 65, 3)).isFalse();
    List<String> seen = new ArrayList<>();
    ring.drain(
        (label, list, subject, from, length, millis) ->
            seen.add(length + ":" + subject[from] + ".." + subject[from + length - 1]));
    assertThat(seen).containsExactly("64:0..63", "3:16..18");
    assertThat(ring.dropped()).isEqualTo(1);
  }

  @Test
  void losesNothingButDropsWithManyWritersAndOneReader() throws Exception {
    HitRing ring = new HitRing(1024);
    byte[] wire = new byte[16];
    AtomicLong offered = new AtomicLong();
    List<Thread> writers = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread writer =
          new Thread(
              () -> {
                for (int i = 0; i < 100_000; i++) {
                  if (ring.offer("z", 0, wire, 0, 16, i)) {
                    offered.incrementAndGet();
                  }
                }
              });
      writers.add(writer);
      writer.start();
    }
    long drained = 0;
    while (writers.stream().anyMatch(Thread::isAlive)) {
      drained += ring.drain((label, list, subject, from, length, millis) -> {});
    }
    drained += ring.drain((label, list, subject, from, length, millis) -> {});
    assertThat(drained).isEqualTo(offered.get());
    assertThat(drained + ring.dropped()).isEqualTo(400_000);
  }
}
