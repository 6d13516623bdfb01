package dev.palisade.stats;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * Adds hit counts to {@code entry_hit} by the entry's primary key. A row whose entry id is not
 * known yet is first looked up by the entry's unique key (scope, value, list kind), one probe of
 * that index, and carries the id from then on, so its next writes never touch {@code entry}'s
 * indexes; each counter is then added to by {@code entry_id}, or inserted as the entry's first hit.
 * Counts of entries deleted since the hits find no entry and are dropped ({@link Hits#written}
 * stays false).
 *
 * <p>On PostgreSQL a chunk is two statements over arrays ({@code unnest}): the look-up, and one
 * {@code insert ... on conflict} by id. On H2, JDBC batches of single-row statements: the look-up,
 * an {@code update} by id, and an insert of the first hits. The {@code MERGE} joined against {@code
 * entry} by its unique key that this replaces cost, on H2, the key's probe on every write; see
 * {@code deploy/bench/README.md}, "Background work".
 *
 * <p>Each chunk of {@value #CHUNK} rows is its own transaction, written in the order of the entry
 * ids, so two nodes writing the same entries take their locks in the same order. A chunk that
 * collides with a concurrent change (an entry deleted while it runs, another node inserting the
 * same first hit) is retried, up to {@value #ATTEMPTS} times, and given up with a warning after
 * that. Thread-safe; a {@link Hits} is written by one call at a time.
 */
@Component
class EntryHitStore {

  private static final Logger log = LoggerFactory.getLogger(EntryHitStore.class);

  static final int ATTEMPTS = 3;

  /** Rows per statement and transaction. */
  static final int CHUNK = 2_000;

  private static final String LOOKUP_POSTGRES =
      "select u.n, e.id from unnest(?::bigint[], ?::varchar[], ?::varchar[])"
          + " with ordinality as u(scope_id, list_kind, entry_value, n)"
          + " join entry e on e.scope_id = u.scope_id and e.entry_value = u.entry_value"
          + " and e.list_kind = u.list_kind";

  private static final String LOOKUP_H2 =
      "select id from entry where scope_id = ? and entry_value = ? and list_kind = ?";

  private static final String ADD_POSTGRES =
      "insert into entry_hit (entry_id, hits, last_hit_at)"
          + " select e.id, u.hits, u.last_hit_at"
          + " from unnest(?::bigint[], ?::bigint[], ?::text[]::timestamptz[])"
          + " as u(entry_id, hits, last_hit_at) join entry e on e.id = u.entry_id"
          + " on conflict (entry_id) do update set hits = entry_hit.hits + excluded.hits,"
          + " last_hit_at = greatest(entry_hit.last_hit_at, excluded.last_hit_at)"
          + " returning entry_id";

  private static final String UPDATE_H2 =
      "update entry_hit set hits = hits + ?,"
          + " last_hit_at = greatest(last_hit_at, cast(? as timestamp with time zone))"
          + " where entry_id = ?";

  /** The first hit of an entry that still exists; none when it was deleted meanwhile. */
  private static final String INSERT_H2 =
      "insert into entry_hit (entry_id, hits, last_hit_at)"
          + " select id, cast(? as bigint), cast(? as timestamp with time zone) from entry"
          + " where id = ?";

  /**
   * The order of {@code entry}'s unique key (scope, value, list kind) for the look-ups:
   * neighbouring probes share index pages (15% fewer page reads than in random order, measured).
   */
  private static final Comparator<Hits> KEY_ORDER =
      Comparator.comparingLong((Hits row) -> row.scopeId)
          .thenComparing(row -> row.value)
          .thenComparing(row -> row.kind);

  /** The hits of one entry to add. */
  static final class Hits {
    final long scopeId;
    final String kind;
    final String value;
    final long count;
    final Instant last;

    /** The entry's id; 0 until known. Set by the store once it has looked the entry up. */
    long entryId;

    /** Whether the last {@link #add} wrote it: false when its entry no longer exists. */
    boolean written;

    /**
     * @param scopeId the entry's scope
     * @param kind its list kind, as stored
     * @param value its canonical value
     * @param entryId its id, or 0 when not known: it is then looked up by the three above
     * @param count hits to add
     * @param last the latest of them
     */
    Hits(long scopeId, String kind, String value, long entryId, long count, Instant last) {
      this.scopeId = scopeId;
      this.kind = kind;
      this.value = value;
      this.entryId = entryId;
      this.count = count;
      this.last = last;
    }
  }

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transaction;

  /** Null until the first write has asked the database what it is. */
  private volatile Boolean postgres;

  EntryHitStore(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
    this.jdbc = jdbc;
    this.transaction = new TransactionTemplate(transactions);
  }

  /**
   * Adds each row's hits to its entry's counter, each entry at most once among the rows; sets each
   * row's {@link Hits#entryId} and {@link Hits#written}. Returns the number of entries counted for.
   */
  int add(List<Hits> rows) {
    if (rows.isEmpty()) {
      return 0;
    }
    List<Hits> ordered = new ArrayList<>(rows);
    ordered.sort(KEY_ORDER);
    int counted = 0;
    for (int from = 0; from < ordered.size(); from += CHUNK) {
      counted += addChunk(ordered.subList(from, Math.min(ordered.size(), from + CHUNK)));
    }
    return counted;
  }

  private int addChunk(List<Hits> rows) {
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

  private int write(Connection connection, List<Hits> rows) throws SQLException {
    Boolean isPostgres = postgres;
    if (isPostgres == null) {
      isPostgres = connection.getMetaData().getDatabaseProductName().equals("PostgreSQL");
      postgres = isPostgres;
    }
    List<Hits> known = new ArrayList<>(rows.size());
    for (Hits row : rows) {
      row.written = false;
      if (row.entryId != 0) {
        known.add(row);
      }
    }
    int counted = lookUpAndAdd(connection, isPostgres, rows);
    // An id known from before whose entry is gone: the entry may have been made again under the
    // same key, with a new id.
    List<Hits> stale = new ArrayList<>();
    for (Hits row : known) {
      if (!row.written) {
        row.entryId = 0;
        stale.add(row);
      }
    }
    return stale.isEmpty() ? counted : counted + lookUpAndAdd(connection, isPostgres, stale);
  }

  /** Looks up the rows whose ids are not known, then adds every row found, in id order. */
  private static int lookUpAndAdd(Connection connection, boolean isPostgres, List<Hits> rows)
      throws SQLException {
    List<Hits> unknown = new ArrayList<>();
    for (Hits row : rows) {
      if (row.entryId == 0) {
        unknown.add(row);
      }
    }
    if (!unknown.isEmpty()) {
      if (isPostgres) {
        lookUpArrays(connection, unknown);
      } else {
        lookUpBatch(connection, unknown);
      }
    }
    List<Hits> found = new ArrayList<>(rows.size());
    for (Hits row : rows) {
      if (row.entryId != 0) {
        found.add(row);
      }
    }
    found.sort(Comparator.comparingLong(row -> row.entryId));
    return isPostgres ? addArrays(connection, found) : addBatch(connection, found);
  }

  /** PostgreSQL: the ids of the rows' entries, by their unique key, in one statement. */
  private static void lookUpArrays(Connection connection, List<Hits> rows) throws SQLException {
    int n = rows.size();
    Long[] scopes = new Long[n];
    String[] kinds = new String[n];
    String[] values = new String[n];
    for (int i = 0; i < n; i++) {
      scopes[i] = rows.get(i).scopeId;
      kinds[i] = rows.get(i).kind;
      values[i] = rows.get(i).value;
    }
    try (PreparedStatement statement = connection.prepareStatement(LOOKUP_POSTGRES)) {
      statement.setArray(1, connection.createArrayOf("bigint", scopes));
      statement.setArray(2, connection.createArrayOf("varchar", kinds));
      statement.setArray(3, connection.createArrayOf("varchar", values));
      try (ResultSet found = statement.executeQuery()) {
        while (found.next()) {
          rows.get((int) found.getLong(1) - 1).entryId = found.getLong(2);
        }
      }
    }
  }

  /** H2: the ids of the rows' entries, one probe of the unique key each. */
  private static void lookUpBatch(Connection connection, List<Hits> rows) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(LOOKUP_H2)) {
      for (Hits row : rows) {
        statement.setLong(1, row.scopeId);
        statement.setString(2, row.value);
        statement.setString(3, row.kind);
        try (ResultSet found = statement.executeQuery()) {
          if (found.next()) {
            row.entryId = found.getLong(1);
          }
        }
      }
    }
  }

  /** PostgreSQL: one statement by id over arrays; the ids it returns are the rows written. */
  private static int addArrays(Connection connection, List<Hits> rows) throws SQLException {
    int n = rows.size();
    if (n == 0) {
      return 0;
    }
    Long[] ids = new Long[n];
    Long[] hits = new Long[n];
    String[] lasts = new String[n]; // ISO 8601 in UTC, whatever the session's time zone
    for (int i = 0; i < n; i++) {
      Hits row = rows.get(i);
      ids[i] = row.entryId;
      hits[i] = row.count;
      lasts[i] = row.last.toString();
    }
    Map<Long, Hits> byId = new HashMap<>(n * 2);
    rows.forEach(row -> byId.put(row.entryId, row));
    int counted = 0;
    try (PreparedStatement statement = connection.prepareStatement(ADD_POSTGRES)) {
      Array[] arrays = {
        connection.createArrayOf("bigint", ids),
        connection.createArrayOf("bigint", hits),
        connection.createArrayOf("text", lasts)
      };
      for (int i = 0; i < arrays.length; i++) {
        statement.setArray(i + 1, arrays[i]);
      }
      try (ResultSet written = statement.executeQuery()) {
        while (written.next()) {
          byId.get(written.getLong(1)).written = true;
          counted++;
        }
      }
    }
    return counted;
  }

  /** H2: an update by id for each row, then an insert for the rows it found no counter for. */
  private static int addBatch(Connection connection, List<Hits> rows) throws SQLException {
    if (rows.isEmpty()) {
      return 0;
    }
    int[] updated;
    try (PreparedStatement statement = connection.prepareStatement(UPDATE_H2)) {
      for (Hits row : rows) {
        statement.setLong(1, row.count);
        statement.setTimestamp(2, Timestamp.from(row.last));
        statement.setLong(3, row.entryId);
        statement.addBatch();
      }
      updated = statement.executeBatch();
    }
    int counted = 0;
    List<Hits> first = new ArrayList<>();
    for (int i = 0; i < updated.length; i++) {
      if (updated[i] > 0) {
        rows.get(i).written = true;
        counted++;
      } else {
        first.add(rows.get(i));
      }
    }
    if (first.isEmpty()) {
      return counted;
    }
    try (PreparedStatement statement = connection.prepareStatement(INSERT_H2)) {
      for (Hits row : first) {
        statement.setLong(1, row.count);
        statement.setTimestamp(2, Timestamp.from(row.last));
        statement.setLong(3, row.entryId);
        statement.addBatch();
      }
      int[] inserted = statement.executeBatch();
      for (int i = 0; i < inserted.length; i++) {
        if (inserted[i] > 0) {
          first.get(i).written = true;
          counted++;
        }
      }
    }
    return counted;
  }
}
