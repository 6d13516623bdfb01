package dev.palisade.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.PalisadeApplication;
import dev.palisade.dns.DnsServer;
import dev.palisade.listing.ExpiryJob;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * A context stopped and started again — as Spring's tests pause the contexts they cache, and as
 * {@code ConfigurableApplicationContext#stop()} allows — keeps answering DNS and running its jobs:
 * only the context's close takes them down ({@link DnsStopsFirst}).
 */
@SpringBootTest(classes = PalisadeApplication.class)
@ActiveProfiles("test")
@DirtiesContext
class StoppedAndStartedAgainIT {

  @Autowired ConfigurableApplicationContext context;
  @Autowired ExpiryJob expiry;
  @Autowired DnsServer dns;

  @Test
  void aContextStartedAgainAnswersDnsAndRunsItsJobs() throws InterruptedException {
    context.stop();
    context.start();
    Instant restarted = Instant.now();

    assertThat(dns.isRunning()).as("DNS after the context started again").isTrue();
    for (int i = 0; i < 300 && !ranSince(restarted); i++) {
      Thread.sleep(100);
    }
    assertThat(ranSince(restarted))
        .as("the expiry job ran after the context started again")
        .isTrue();
  }

  private boolean ranSince(Instant moment) {
    Instant last = expiry.lastRound();
    return last != null && last.isAfter(moment);
  }
}
