package dev.palisade.listing;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The bookkeeping of a bulk write stored in several transactions ({@link PartedUpserts}, on H2):
 * its row in {@code import_run} while it runs, which holds the scope in every node's index ({@code
 * cluster.Follower} skips it, {@link ChangeFeed#importing}) until the transaction of the last part
 * deletes it, or a failure of the import ({@link PartedUpserts}) or the next start ({@link
 * #releaseLeft}) releases it. (What the parts named so far is kept by the write, in memory: {@link
 * NamedEntries}.) Each method that says so runs in a transaction of its own; the others join the
 * caller's. Thread-safe.
 */
@Component
class ImportRuns {

  /**
   * On a database several processes share, how long a run's last part may be past before a start
   * takes it for one its process left: a part of {@code palisade.imports.transaction-entries}
   * (200,000) took under 3 minutes on a 2-core machine at load average 20 (1,272 entries/s,
   * deploy/bench/IMPORTS.md), so a run silent for an hour is taken for dead.
   */
  static final Duration SILENT = Duration.ofHours(1);

  private static final Logger log = LoggerFactory.getLogger(ImportRuns.class);

  private final JdbcTemplate jdbc;
  private final Clock clock;
  private final TransactionTemplate own;

  ImportRuns(JdbcTemplate jdbc, Clock clock, PlatformTransactionManager transactions) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.own = new TransactionTemplate(transactions);
    own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  /**
   * Opens a run of the scope, in a transaction of its own. A run of the scope left by an import
   * that stopped half way is taken over: its row goes, and the hold it put on the scope is
   * continued by this run's own row ({@link Run#tookOver}).
   */
  Run start(long scopeId, String actor) {
    return own.execute(
        status -> {
          int left = jdbc.update("delete from import_run where scope_id = ?", scopeId);
          Timestamp now = Timestamp.from(clock.instant());
          jdbc.update(
              "insert into import_run (scope_id, started_at, started_by, alive_at)"
                  + " values (?, ?, ?, ?)",
              scopeId,
              now,
              actor,
              now);
          return new Run(
              jdbc.queryForObject(
                  "select max(id) from import_run where scope_id = ?", Long.class, scopeId),
              left > 0);
        });
  }

  /**
   * An open run.
   *
   * @param id its row's id
   * @param tookOver whether it took over the hold of a run that stopped half way, whose stored
   *     parts DNS has not answered yet
   */
  record Run(long id, boolean tookOver) {}

  /**
   * Notes in the caller's transaction, a part's, that the run is alive: a start on a shared
   * database releases only runs silent for {@link #SILENT} ({@link #releaseLeft}). The run's row
   * stays locked until that transaction ends, so that no other run takes it over meanwhile.
   *
   * @throws IllegalStateException when the run's row is gone: another run of the scope took it over
   *     (two writes of the scope in parts must not interleave), or a start took the run for one its
   *     process left
   */
  void alive(long runId) {
    int rows =
        jdbc.update(
            "update import_run set alive_at = ? where id = ?",
            Timestamp.from(clock.instant()),
            runId);
    if (rows == 0) {
      throw new IllegalStateException(
          "another import or feed update of the same list started meanwhile and took over");
    }
  }

  /** Ends the run in the caller's transaction: the last part's, which lifts the hold. */
  void endWith(long runId) {
    jdbc.update("delete from import_run where id = ?", runId);
  }

  /** Ends the run in a transaction of its own, when its last part wrote nothing. */
  void end(long runId) {
    own.executeWithoutResult(status -> endWith(runId));
  }

  /** Whether the run's row is still there (its last part was rolled back, or none ran). */
  boolean open(long runId) {
    return jdbc.queryForObject("select count(*) from import_run where id = ?", Integer.class, runId)
        > 0;
  }

  /**
   * Deletes the rows of runs no process is storing any more, each in a transaction of its own, with
   * one WARN line naming the scope: left by a process killed half way through an import (a failure
   * it lived through releases its run itself, {@link PartedUpserts}). Without its row the scope is
   * followed again: every node's index reads it from the database, the parts stored included.
   *
   * @param silentBefore only runs whose last part committed before this moment; null: every run,
   *     for a database no other process can be using (embedded H2)
   * @return the scopes released
   */
  static List<Long> releaseLeft(JdbcTemplate jdbc, Instant silentBefore) {
    List<Object[]> left =
        jdbc.query(
            "select r.id, r.scope_id, s.zone_label, r.started_at, r.started_by from import_run r"
                + " join scope s on s.id = r.scope_id"
                + (silentBefore == null ? "" : " where r.alive_at < ?")
                + " order by r.id",
            (row, i) ->
                new Object[] {
                  row.getLong(1),
                  row.getLong(2),
                  row.getString(3),
                  row.getTimestamp(4),
                  row.getString(5)
                },
            silentBefore == null ? new Object[0] : new Object[] {Timestamp.from(silentBefore)});
    List<Long> released = new ArrayList<>();
    for (Object[] run : left) {
      if (jdbc.update("delete from import_run where id = ?", run[0]) > 0) {
        released.add((Long) run[1]);
        log.warn(
            "scope {} ({}): the import into it started at {} by {} was not completed (the process"
                + " storing it stopped); DNS now answers what the database holds, the parts it"
                + " stored included. Run the same import again to complete it",
            run[2],
            run[1],
            ((Timestamp) run[3]).toInstant(),
            run[4]);
      }
    }
    return released;
  }

  /** The scopes with a run open: every node's index holds them at their state before it. */
  static Set<Long> importing(JdbcTemplate jdbc) {
    return new HashSet<>(jdbc.queryForList("select distinct scope_id from import_run", Long.class));
  }
}
