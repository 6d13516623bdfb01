package dev.palisade.cluster;

import dev.palisade.account.ChangeLog;
import dev.palisade.common.DatabaseStatus;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Deletes changes older than {@link ClusterSettings#changeLogRetention()} from the change feed,
 * hourly. A node that was stopped for longer reloads the scopes that changed meanwhile. Every node
 * runs it; a delete that finds nothing costs one index range.
 */
public final class ChangeLogPruning {

  private static final Logger log = LoggerFactory.getLogger(ChangeLogPruning.class);

  private final ChangeLog changeLog;
  private final ClusterSettings settings;
  private final Clock clock;
  private final DatabaseStatus database;

  public ChangeLogPruning(
      ChangeLog changeLog, ClusterSettings settings, Clock clock, DatabaseStatus database) {
    this.changeLog = changeLog;
    this.settings = settings;
    this.clock = clock;
    this.database = database;
  }

  /** Deletes the changes older than the retention; returns how many. Never throws. */
  @Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT1H")
  public int prune() {
    if (!database.reachable()) {
      return 0; // the next round prunes what this one would have
    }
    try {
      int deleted = changeLog.prune(clock.instant().minus(settings.changeLogRetention()));
      if (deleted > 0) {
        log.info(
            "change feed: {} changes older than {} deleted",
            deleted,
            settings.changeLogRetention());
      }
      return deleted;
    } catch (RuntimeException e) {
      if (!database.explains(e)) {
        log.warn("change feed not pruned: {}", e.toString());
      }
      return 0;
    }
  }
}
