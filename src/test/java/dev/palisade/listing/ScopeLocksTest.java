package dev.palisade.listing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/** An account's lock goes to the writer that waited, not back to the one that let it go. */
class ScopeLocksTest {

  @Test
  void aWriterThatWaitsGetsTheLockBeforeItsHolderTakesItAgain() throws InterruptedException {
    ReentrantLock lock = new ScopeLocks().of(42);
    List<String> firsts = new ArrayList<>();
    for (int round = 0; round < 200; round++) {
      List<String> order = Collections.synchronizedList(new ArrayList<>());
      lock.lock();
      Thread waiting =
          new Thread(
              () -> {
                lock.lock();
                try {
                  order.add("the writer that waited");
                } finally {
                  lock.unlock();
                }
              });
      waiting.start();
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!lock.hasQueuedThread(waiting) && System.nanoTime() < until) {
        Thread.onSpinWait();
      }
      assertThat(lock.hasQueuedThread(waiting)).isTrue();

      // The next part of a write stored in parts: its writer asks again as soon as it lets go.
      lock.unlock();
      lock.lock();
      try {
        order.add("the holder again");
      } finally {
        lock.unlock();
      }
      waiting.join(TimeUnit.SECONDS.toMillis(30));
      firsts.add(order.get(0));
    }

    assertThat(firsts).containsOnly("the writer that waited");
  }
}
