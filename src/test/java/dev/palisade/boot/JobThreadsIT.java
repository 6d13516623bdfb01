package dev.palisade.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.PalisadeApplication;
import dev.palisade.listing.ExpiryJob;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.test.context.ActiveProfiles;

/**
 * One scheduled job that never returns — as one waiting for an unreachable database did — holds
 * back no other: the expiry job keeps running beside it.
 */
@SpringBootTest(classes = {PalisadeApplication.class, JobThreadsIT.Stuck.class})
@ActiveProfiles("test")
class JobThreadsIT {

  private static final CountDownLatch RELEASE = new CountDownLatch(1);

  @Autowired ExpiryJob expiry;

  @AfterAll
  static void release() {
    RELEASE.countDown();
  }

  @Test
  void aJobThatNeverReturnsHoldsBackNoOtherJob() throws InterruptedException {
    assertThat(Stuck.STARTED.await(30, TimeUnit.SECONDS)).isTrue();
    Instant seen = Instant.now();
    for (int i = 0; i < 300 && !ranSince(seen); i++) {
      Thread.sleep(100);
    }
    assertThat(ranSince(seen)).as("the expiry job ran meanwhile").isTrue();
  }

  private boolean ranSince(Instant moment) {
    Instant last = expiry.lastRound();
    return last != null && last.isAfter(moment);
  }

  /** A job that waits until the test ends, started before the others. */
  static class Stuck {
    static final CountDownLatch STARTED = new CountDownLatch(1);

    @Scheduled(initialDelay = 0, fixedDelay = 10)
    void waitForever() throws InterruptedException {
      STARTED.countDown();
      RELEASE.await();
    }
  }
}
