package dev.palisade.transfer;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * Logs refused zone transfers once per subject (a client address, a zone) per interval: a secondary
 * misconfigured against us retries every few seconds, and a scanner asks for thousands of zones, so
 * one line per refusal would bury the log. The first refusal of a subject is logged with its
 * reason; the next ones stay quiet until the interval has passed.
 *
 * <p>Thread-safe. The remembered subjects are bounded: past {@link #MAX_SUBJECTS} they are
 * forgotten at once, which at worst logs a few lines more.
 */
final class RefusalLog {

  static final int MAX_SUBJECTS = 10_000;

  private final Logger log;
  private final Clock clock;
  private final long intervalMillis;
  private final Map<String, Long> lastLogged = new ConcurrentHashMap<>();

  RefusalLog(Logger log, Clock clock, Duration interval) {
    this.log = log;
    this.clock = clock;
    this.intervalMillis = interval.toMillis();
  }

  /**
   * Logs one warning about {@code subject} unless one was logged less than the interval ago.
   *
   * @return whether a line was written
   */
  boolean refused(String subject, String message) {
    long now = clock.millis();
    if (lastLogged.size() >= MAX_SUBJECTS) {
      lastLogged.clear();
    }
    boolean[] due = {false};
    lastLogged.compute(
        subject,
        (key, last) -> {
          if (last == null || now - last >= intervalMillis) {
            due[0] = true;
            return now;
          }
          return last;
        });
    if (due[0]) {
      log.warn("{} (further refusals for {} are not logged for {})", message, subject, interval());
    }
    return due[0];
  }

  private String interval() {
    return Duration.ofMillis(intervalMillis).toString().substring(2).toLowerCase();
  }
}
