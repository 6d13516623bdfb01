package dev.palisade.stats;

import jakarta.annotation.PreDestroy;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes the in-memory zone counts to {@code zone_query_stats} in one batch every {@code
 * palisade.stats.flush-interval} (default one minute), into the row of the current minute — added
 * to what is there, so several nodes sharing a database add up. Rows older than {@code
 * palisade.stats.keep} (default 35 days) are deleted daily. The DNS path never waits for this.
 */
@Component
class StatsFlush {

  private static final Logger log = LoggerFactory.getLogger(StatsFlush.class);

  private final ZoneCounters counters;
  private final JdbcTemplate jdbc;
  private final Clock clock;
  private final java.time.Duration keep;

  StatsFlush(
      ZoneCounters counters,
      JdbcTemplate jdbc,
      Clock clock,
      @org.springframework.beans.factory.annotation.Value("${palisade.stats.keep:35d}")
          java.time.Duration keep) {
    this.counters = counters;
    this.jdbc = jdbc;
    this.clock = clock;
    this.keep = keep;
  }

  @Scheduled(
      fixedDelayString = "${palisade.stats.flush-interval:60s}",
      initialDelayString = "${palisade.stats.flush-interval:60s}")
  @Transactional
  public void flush() {
    List<ZoneCounters.Count> counts = counters.drain();
    if (counts.isEmpty()) {
      return;
    }
    Timestamp minute = Timestamp.from(clock.instant().truncatedTo(ChronoUnit.MINUTES));
    for (ZoneCounters.Count count : counts) {
      try {
        add(count, minute);
      } catch (DuplicateKeyException e) {
        add(count, minute); // another node inserted the row meanwhile: add to it
      }
    }
  }

  private void add(ZoneCounters.Count count, Timestamp minute) {
    int updated =
        jdbc.update(
            "update zone_query_stats set queries = queries + ?, hits = hits + ?"
                + " where zone_label = ? and list_name = ? and minute_start = ?",
            count.queries(),
            count.hits(),
            count.label(),
            count.list(),
            minute);
    if (updated == 0) {
      jdbc.update(
          "insert into zone_query_stats (zone_label, list_name, minute_start, queries, hits)"
              + " values (?, ?, ?, ?, ?)",
          count.label(),
          count.list(),
          minute,
          count.queries(),
          count.hits());
    }
  }

  @Scheduled(fixedDelayString = "PT24H", initialDelayString = "PT1H")
  void purge() {
    Instant cutoff = clock.instant().minus(keep);
    int deleted =
        jdbc.update("delete from zone_query_stats where minute_start < ?", Timestamp.from(cutoff));
    if (deleted > 0) {
      log.info("deleted {} query statistics rows older than {}", deleted, cutoff);
    }
  }

  /** Writes what was counted since the last flush, so a restart loses nothing. */
  @PreDestroy
  void flushOnShutdown() {
    try {
      flush();
    } catch (RuntimeException e) {
      log.warn("query statistics of the last minute were not saved: {}", e.toString());
    }
  }
}
