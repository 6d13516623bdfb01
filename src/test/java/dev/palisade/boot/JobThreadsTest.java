package dev.palisade.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.common.DatabaseStatus;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A stop never interrupts a job: an interrupt inside H2's file I/O closes the embedded database for
 * every thread, so the round a job is in must end on its own.
 */
class JobThreadsTest {

  private final JobThreads jobs = new JobThreads(new DatabaseStatus(null));

  @Test
  void aStopLetsTheRoundInProgressEndUninterruptedAndStartsNoOther() throws Exception {
    CountDownLatch inRound = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    AtomicBoolean ended = new AtomicBoolean();
    AtomicInteger rounds = new AtomicInteger();
    jobs.scheduleWithFixedDelay(
        () -> {
          if (rounds.incrementAndGet() > 1) {
            return;
          }
          inRound.countDown();
          long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
          while (System.nanoTime() < until) {
            interrupted.compareAndSet(false, Thread.currentThread().isInterrupted());
            Thread.onSpinWait();
          }
          ended.set(true);
        },
        Duration.ofMillis(1));
    assertThat(inRound.await(10, TimeUnit.SECONDS)).isTrue();

    jobs.close();

    assertThat(ended).as("the round ended before the stop returned").isTrue();
    assertThat(interrupted).as("the round was interrupted").isFalse();
    assertThat(rounds).as("rounds started").hasValue(1);
  }

  @Test
  void cancellingAJobWithInterruptionLetsItsRoundEndUninterrupted() throws Exception {
    CountDownLatch inRound = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch ended = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    ScheduledFuture<?> job =
        jobs.scheduleWithFixedDelay(
            () -> {
              inRound.countDown();
              try {
                release.await();
              } catch (InterruptedException e) {
                interrupted.set(true);
              }
              ended.countDown();
            },
            Duration.ofMillis(1));
    assertThat(inRound.await(10, TimeUnit.SECONDS)).isTrue();

    job.cancel(true); // as Spring cancels a bean's jobs when it destroys the bean
    release.countDown();

    assertThat(ended.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(interrupted).as("the round was interrupted").isFalse();
    assertThat(job.isCancelled()).isTrue();
    jobs.close();
  }
}
