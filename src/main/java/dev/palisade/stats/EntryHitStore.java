package dev.palisade.stats;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Adds hit counts to {@code entry_hit}, row by row in the key order of {@code entry}: each row
 * names its entry by the unique (scope, value, list kind), which is looked up with one probe of
 * that index, and is added to the entry's counter or inserted as its first hit. Counts of entries
 * deleted since the hits simply find no entry.
 *
 * <p>Nothing is staged: on PostgreSQL a chunk of rows is one {@code insert ... on conflict} over
 * arrays ({@code unnest}), on H2 one JDBC batch of a single-row {@code MERGE}. The temporary table
 * and set-based {@code MERGE} this replaces cost a table's creation per flush and, on H2, a join
 * whose probes missed H2's page cache; see {@code deploy/bench/README.md}, "Background work".
 *
 * <p>Each chunk of {@value #CHUNK} rows is its own transaction. An entry deleted while it runs, or
 * another node inserting the same row first on H2, fails the chunk (a foreign key or unique
 * violation); it is then retried, up to {@value #ATTEMPTS} times, and given up with a warning after
 * that. Rows go in key order, so two nodes writing the same entries take their locks in the same
 * order. Thread-safe.
 */
@Component
class EntryHitStore {

  private static final Logger log = LoggerFactory.getLogger(EntryHitStore.class);

  static final int ATTEMPTS = 3;

  /** Rows per statement and transaction. */
  static final int CHUNK = 2_000;

  private static final String POSTGRES =
      "insert into entry_hit (entry_id, hits, last_hit_at)"
          + " select e.id, u.hits, u.last_hit_at from unnest(?::bigint[], ?::varchar[],"
          + " ?::varchar[], ?::bigint[], ?::text[]::timestamptz[])"
          + " as u(scope_id, list_kind, entry_value, hits, last_hit_at)"
          + " join lateral (select id from entry where scope_id = u.scope_id"
          + " and list_kind = u.list_kind and entry_value = u.entry_value) e on true"
          + " on conflict (entry_id) do update set hits = entry_hit.hits + excluded.hits,"
          + " last_hit_at = greatest(entry_hit.last_hit_at, excluded.last_hit_at)";

  private static final String H2 =
      "merge into entry_hit h using (select id, cast(? as bigint) hits,"
          + " cast(? as timestamp with time zone) last_hit_at from entry"
          + " where scope_id = ? and entry_value = ? and list_kind = ?) n on h.entry_id = n.id"
          + " when matched then update set hits = h.hits + n.hits,"
          + " last_hit_at = greatest(h.last_hit_at, n.last_hit_at)"
          + " when not matched then insert (entry_id, hits, last_hit_at)"
          + " values (n.id, n.hits, n.last_hit_at)";

  /**
   * The order of {@code entry}'s unique key (scope, value, list kind): neighbouring probes share
   * index pages (15% fewer page reads than in random order, measured for the set-based flush).
   */
  private static final Comparator<Object[]> KEY_ORDER =
      Comparator.comparing((Object[] row) -> (Long) row[0])
          .thenComparing(row -> (String) row[2])
          .thenComparing(row -> (String) row[1]);

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transaction;

  /** Null until the first write has asked the database what it is. */
  private volatile Boolean postgres;

  EntryHitStore(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
    this.jdbc = jdbc;
    this.transaction = new TransactionTemplate(transactions);
  }

  /**
   * Adds hits to the entries the rows name, as (scope id, list kind, canonical value, hits, latest
   * hit as an {@link Instant}), each entry at most once; rows of entries that do not exist are
   * ignored. Returns the number of entries counted for.
   */
  int add(List<Object[]> rows) {
    if (rows.isEmpty()) {
      return 0;
    }
    List<Object[]> ordered = new ArrayList<>(rows);
    ordered.sort(KEY_ORDER);
    int counted = 0;
    for (int from = 0; from < ordered.size(); from += CHUNK) {
      counted += addChunk(ordered.subList(from, Math.min(ordered.size(), from + CHUNK)));
    }
    return counted;
  }

  private int addChunk(List<Object[]> rows) {
    for (int attempt = 1; ; attempt++) {
      try {
        Integer counted =
            transaction.execute(
                status ->
                    jdbc.execute(
                        (ConnectionCallback<Integer>) connection -> write(connection, rows)));
        return counted == null ? 0 : counted;
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

  private int write(Connection connection, List<Object[]> rows) throws SQLException {
    Boolean isPostgres = postgres;
    if (isPostgres == null) {
      isPostgres = connection.getMetaData().getDatabaseProductName().equals("PostgreSQL");
      postgres = isPostgres;
    }
    return isPostgres ? writeArrays(connection, rows) : writeBatch(connection, rows);
  }

  /** PostgreSQL: one statement over arrays, planned once for the chunk. */
  private static int writeArrays(Connection connection, List<Object[]> rows) throws SQLException {
    int n = rows.size();
    Long[] scopes = new Long[n];
    String[] kinds = new String[n];
    String[] values = new String[n];
    Long[] hits = new Long[n];
    String[] lasts = new String[n]; // ISO 8601 in UTC, whatever the session's time zone
    for (int i = 0; i < n; i++) {
      Object[] row = rows.get(i);
      scopes[i] = (Long) row[0];
      kinds[i] = (String) row[1];
      values[i] = (String) row[2];
      hits[i] = (Long) row[3];
      lasts[i] = row[4].toString();
    }
    try (PreparedStatement statement = connection.prepareStatement(POSTGRES)) {
      Array[] arrays = {
        connection.createArrayOf("bigint", scopes),
        connection.createArrayOf("varchar", kinds),
        connection.createArrayOf("varchar", values),
        connection.createArrayOf("bigint", hits),
        connection.createArrayOf("text", lasts)
      };
      for (int i = 0; i < arrays.length; i++) {
        statement.setArray(i + 1, arrays[i]);
      }
      return statement.executeUpdate();
    }
  }

  /** H2: one prepared statement, executed for each row in one batch. */
  private static int writeBatch(Connection connection, List<Object[]> rows) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(H2)) {
      for (Object[] row : rows) {
        statement.setLong(1, (Long) row[3]);
        statement.setTimestamp(2, Timestamp.from((Instant) row[4]));
        statement.setLong(3, (Long) row[0]);
        statement.setString(4, (String) row[2]);
        statement.setString(5, (String) row[1]);
        statement.addBatch();
      }
      int counted = 0;
      for (int updated : statement.executeBatch()) {
        counted += Math.max(0, updated);
      }
      return counted;
    }
  }
}
