package dev.palisade.listing;

import dev.palisade.common.BulkRows;
import dev.palisade.dnsbl.ListKind;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
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
 * #releaseLeft}) releases it; and the values it stored so far in {@code import_run_value}, so that
 * a value given again in a later part counts once without a set of every value in memory. Each
 * method that says so runs in a transaction of its own; the others join the caller's. Thread-safe.
 */
@Component
class ImportRuns {

  /** Rows deleted per transaction when a run's values are cleared. */
  static final int DELETE_BATCH = 20_000;

  /**
   * On a database several processes share, how long a run's last part may be past before a start
   * takes it for one its process left: a part of {@code palisade.imports.transaction-entries}
   * (200,000) took under 3 minutes on a 2-core machine at load average 20 (1,272 entries/s,
   * deploy/bench/IMPORTS.md), so a run silent for an hour is taken for dead.
   */
  static final Duration SILENT = Duration.ofHours(1);

  private static final Logger log = LoggerFactory.getLogger(ImportRuns.class);

  private final JdbcTemplate jdbc;
  private final BulkRows rows;
  private final Clock clock;
  private final TransactionTemplate own;

  /**
   * Held while a run's row is added, and while no other row is seen before the values are emptied
   * at once: a run starting meanwhile would lose the values it stores first (a feed's run would
   * then delete entries its file holds).
   */
  private final Object rowsAndTruncation = new Object();

  ImportRuns(
      JdbcTemplate jdbc, BulkRows rows, Clock clock, PlatformTransactionManager transactions) {
    this.jdbc = jdbc;
    this.rows = rows;
    this.clock = clock;
    this.own = new TransactionTemplate(transactions);
    own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  /**
   * Opens a run of the scope, in a transaction of its own. A run of the scope left by an import
   * that stopped half way is taken over: its row goes, and the hold it put on the scope is
   * continued by this run's own row ({@link Run#tookOver}). Values of runs that are gone (left by
   * such an import, or by a clearing that stopped) are deleted first.
   */
  Run start(long scopeId, String actor) {
    Run run;
    synchronized (rowsAndTruncation) {
      run = insertRow(scopeId, actor);
    }
    clearValues("run_id not in (select id from import_run)", run.id());
    return run;
  }

  private Run insertRow(long scopeId, String actor) {
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
   * Of these values, those an earlier batch of the run stored ({@link EntryBulkStore#key}); the
   * others are remembered for the batches after, in a transaction of their own, so that a part that
   * changes nothing (and is rolled back) still counts them.
   */
  Set<String> repeatedThenRemember(long runId, Collection<EntryBulkStore.Wanted> wanted) {
    Set<String> asked = new HashSet<>();
    List<String> values = new ArrayList<>(wanted.size());
    for (EntryBulkStore.Wanted w : wanted) {
      asked.add(EntryBulkStore.key(w.kind(), w.value()));
      values.add(w.value());
    }
    Set<String> repeated = new HashSet<>();
    rows.selectWhereIn(
        "select v.list_kind, v.entry_value from import_run_value v where v.run_id = "
            + runId
            + " and",
        "v.entry_value",
        values,
        row -> {
          String key = EntryBulkStore.key(ListKind.valueOf(row.getString(1)), row.getString(2));
          if (asked.contains(key)) {
            repeated.add(key);
          }
        });
    List<Object[]> fresh = new ArrayList<>(wanted.size());
    for (EntryBulkStore.Wanted w : wanted) {
      if (!repeated.contains(EntryBulkStore.key(w.kind(), w.value()))) {
        fresh.add(new Object[] {runId, w.kind().name(), w.value()});
      }
    }
    own.executeWithoutResult(
        status ->
            rows.insert("import_run_value", List.of("run_id", "list_kind", "entry_value"), fresh));
    return repeated;
  }

  /**
   * Notes in the caller's transaction, a part's, that the run is alive: a start on a shared
   * database releases only runs silent for {@link #SILENT} ({@link #releaseLeft}). The run's row
   * stays locked until that transaction ends, so that no other run takes it over meanwhile.
   *
   * @throws IllegalStateException when the run's row is gone: another run of the scope took it over
   *     (and cleared its values, without which a feed's write would delete what its file holds), or
   *     a start took the run for one its process left
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

  /** Deletes the values of an ended run, {@value #DELETE_BATCH} per transaction. */
  void clear(long runId) {
    clearValues("run_id = " + runId, runId);
  }

  /**
   * Deletes the values matching {@code where} a transaction at a time: one delete of millions of
   * rows would hold them all in H2's heap until it commits, as the import itself would.
   */
  private void clearValues(String where, long runId) {
    if (rows.joinsStagedValues()) {
      // PostgreSQL keeps an open transaction's rows on disk.
      own.executeWithoutResult(
          status -> jdbc.update("delete from import_run_value where " + where));
      return;
    }
    synchronized (rowsAndTruncation) {
      Integer others =
          jdbc.queryForObject(
              "select count(*) from import_run where id <> ?", Integer.class, runId);
      if (others != null && others == 0) {
        // No other run has values to keep (an embedded H2 database has one process): emptied at
        // once. Deleting 400,000 values 20,000 at a time took minutes on a loaded machine.
        jdbc.execute("truncate table import_run_value");
        return;
      }
    }
    while (true) {
      Integer deleted =
          own.execute(
              status ->
                  jdbc.update(
                      "delete from import_run_value where "
                          + where
                          + " fetch first "
                          + DELETE_BATCH
                          + " rows only"));
      if (deleted == null || deleted < DELETE_BATCH) {
        return;
      }
    }
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
