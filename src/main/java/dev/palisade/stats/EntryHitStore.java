package dev.palisade.stats;

import dev.palisade.common.BulkRows;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Adds hit counts to {@code entry_hit} with set-based SQL: the counts, keyed by the entry's unique
 * (scope, list kind, value), go into a temporary table in bulk ({@link BulkRows#stage}: {@code
 * COPY} on PostgreSQL), and one {@code MERGE} joins them to {@code entry} and adds them to the
 * existing rows or inserts the rows of first hits. Counts of entries deleted since the hits simply
 * find no entry.
 *
 * <p>An entry deleted while the statement runs, or another node inserting the same row first, fails
 * the statement (a foreign key or unique violation; PostgreSQL's {@code MERGE} does not wait for
 * concurrent inserts); the whole write is then retried, up to {@value #ATTEMPTS} times, and given
 * up with a warning after that. Thread-safe.
 */
@Component
class EntryHitStore {

  private static final Logger log = LoggerFactory.getLogger(EntryHitStore.class);

  static final int ATTEMPTS = 3;

  private static final String STAGE = "entry_hit_stage";

  /** The columns of the rows {@link #add} takes. */
  static final List<String> COLUMNS =
      List.of(
          "scope_id bigint not null",
          "list_kind varchar(5) not null",
          "entry_value varchar(260) not null",
          "hits bigint not null",
          "last_hit_at timestamp with time zone not null");

  /** Adds the staged hits to the entries they name; see {@link #merge(BulkRows)}. */
  private final String merge;

  private final BulkRows bulk;
  private final JdbcTemplate jdbc;
  private final TransactionTemplate transaction;

  EntryHitStore(BulkRows bulk, JdbcTemplate jdbc, PlatformTransactionManager transactions) {
    this.bulk = bulk;
    this.jdbc = jdbc;
    this.transaction = new TransactionTemplate(transactions);
    this.merge = merge(bulk);
  }

  /**
   * The statement: each staged row is looked up in {@code entry}'s unique (scope, value, list) key,
   * one index probe per row ({@link BulkRows#probeJoin}; a plain join read all ten million entries
   * of a large table, 8 s a flush), and added to its entry's row or inserted. The rows are probed
   * in the key's order, so neighbouring probes share index pages: 15% fewer page reads and 15-30%
   * less time for 100,000 names against ten million entries.
   */
  private static String merge(BulkRows bulk) {
    return "merge into entry_hit h using (select e.id, s.hits, s.last_hit_at from "
        + bulk.probeJoin(
            "(select * from " + STAGE + " order by scope_id, entry_value, list_kind) s",
            "entry e",
            "e.scope_id = s.scope_id and e.entry_value = s.entry_value"
                + " and e.list_kind = s.list_kind")
        + ") n on h.entry_id = n.id"
        + " when matched then update set hits = h.hits + n.hits,"
        + " last_hit_at = greatest(h.last_hit_at, n.last_hit_at)"
        + " when not matched then insert (entry_id, hits, last_hit_at)"
        + " values (n.id, n.hits, n.last_hit_at)";
  }

  /**
   * Adds hits to the entries the rows name, as (scope id, list kind, canonical value, hits, latest
   * hit as an {@link java.time.Instant}), each entry at most once; rows of entries that do not
   * exist are ignored. Returns the number of entries counted for.
   */
  int add(List<Object[]> rows) {
    if (rows.isEmpty()) {
      return 0;
    }
    for (int attempt = 1; ; attempt++) {
      try {
        return transaction.execute(
            status -> {
              bulk.stage(STAGE, COLUMNS, rows);
              return jdbc.update(merge);
            });
      } catch (DataIntegrityViolationException | ConcurrencyFailureException e) {
        if (attempt == ATTEMPTS) {
          log.warn(
              "hits of {} entries were not saved: {} attempts collided with concurrent changes;"
                  + " last: {}",
              rows.size(),
              ATTEMPTS,
              e.getMostSpecificCause().toString());
          return 0;
        }
        log.debug("entry hits collided with a concurrent change, retrying: {}", e.toString());
      }
    }
  }
}
