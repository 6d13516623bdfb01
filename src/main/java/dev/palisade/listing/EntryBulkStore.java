package dev.palisade.listing;

import dev.palisade.common.BulkRows;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.ValueType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

/**
 * Entry rows for {@link Listings#upsert}, read and written many at a time through {@link BulkRows}
 * ({@code COPY} on PostgreSQL) instead of one JPA entity each: a bulk write of a hundred thousand
 * entries costs a few statements, not a flush per row. Joins the caller's transaction. Thread-safe.
 */
@Component
class EntryBulkStore {

  /**
   * Ids one value of {@code entry_id_seq} stands for: the sequence counts in steps of this size
   * (migration V1), and value {@code v} reserves ids {@code v - 99 .. v}, as Hibernate's pooled
   * optimizer reads it for {@link Entry} — so both hand out ids from the same sequence without
   * meeting.
   */
  private static final int ID_BLOCK = 100;

  private static final String COLUMNS =
      "select e.id, e.scope_id, e.list_kind, e.entry_value, e.return_code, e.reason, e.enabled,"
          + " e.expires_at, e.source, e.version, e.feed_id, e.value_type from ";

  private static final String SELECT = COLUMNS + "entry e";

  /** Ids {@link #unnamed} reads per statement. */
  static final int ID_PAGE = 10_000;

  /** Entries {@link #unnamed} reads whole per statement, by their ids. */
  private static final int ID_CHUNK = 100;

  /** From this many values on, {@link #find} stages them and joins instead of listing them. */
  static final int STAGE_FROM = 200;

  private static final String STAGE = "bulk_wanted_entry";

  private static final List<String> STAGE_COLUMNS =
      List.of("list_kind varchar(7) not null", "entry_value varchar(260) not null");

  /** The values earlier batches of a streamed write staged, for telling repeats. */
  private static final String SEEN = "bulk_seen_entry";

  private static final List<String> SEEN_COLUMNS =
      List.of(
          "list_kind varchar(7) not null",
          "entry_value varchar(260) not null",
          "primary key (entry_value, list_kind)");

  private static final List<String> INSERT =
      List.of(
          "id",
          "scope_id",
          "list_kind",
          "value_type",
          "entry_value",
          "return_code",
          "reason",
          "enabled",
          "expires_at",
          "source",
          "created_by",
          "created_at",
          "updated_by",
          "updated_at",
          "version",
          "feed_id",
          "sort_key");

  private static final List<String> UPDATE =
      List.of(
          "id",
          "return_code",
          "reason",
          "enabled",
          "expires_at",
          "updated_by",
          "updated_at",
          "version");

  private final BulkRows rows;
  private final JdbcTemplate jdbc;

  EntryBulkStore(BulkRows rows, JdbcTemplate jdbc) {
    this.rows = rows;
    this.jdbc = jdbc;
  }

  /** A stored entry as a bulk write compares it with a draft. */
  record Stored(
      long id,
      ListKind kind,
      String value,
      Integer returnCode,
      String reason,
      boolean enabled,
      Instant expiresAt,
      EntrySource source,
      long version,
      Long feedId,
      long scopeId,
      ValueType type) {

    /** Whether storing the draft changes anything DNS or the audit trail sees. */
    boolean differsFrom(EntryDraft draft) {
      return !java.util.Objects.equals(returnCode, draft.returnCode())
          || !java.util.Objects.equals(reason, draft.reason())
          || !java.util.Objects.equals(expiresAt, draft.expiresAt())
          || !enabled;
    }

    /** Whether DNS answers this entry at the given moment. */
    boolean isActiveAt(Instant now) {
      return enabled && (expiresAt == null || expiresAt.isAfter(now));
    }
  }

  /**
   * The stored entries of a scope with one of these lists and values, by {@link #key}.
   *
   * <p>On PostgreSQL ({@link BulkRows#joinsStagedValues}) a large batch is staged into a temporary
   * table with one {@code COPY}, and each staged value is looked up in {@code entry}'s unique
   * (scope, value, list) key ({@link BulkRows#probeJoin}), so a hundred thousand values cost a
   * hundred thousand index probes whatever the size of the scope: a single array parameter is
   * planned as a scan of every entry in the table, and a plain join as a hash join over every entry
   * of the scope (15 s for a scope of ten million, against 0.5 s probing). The values are probed in
   * the key's order, so neighbouring probes share index pages. A small batch, and any batch on H2,
   * names its values in lists instead; H2 uses an index for an {@code IN} list only on an index's
   * first column, so that query names the values only and the scope is picked here. Called once per
   * batch of a bulk write: each call stages its values afresh.
   */
  Map<String, Stored> find(long scopeId, Collection<Wanted> wanted) {
    Map<String, Stored> found = new HashMap<>();
    RowCallbackHandler collect =
        row -> {
          if (row.getLong(2) != scopeId) {
            return;
          }
          Stored stored = stored(row);
          found.put(key(stored.kind(), stored.value()), stored);
        };
    if (wanted.size() < STAGE_FROM || !rows.joinsStagedValues()) {
      rows.selectWhereIn(SELECT + " where", "e.entry_value", values(wanted), collect);
      found.keySet().retainAll(keys(wanted));
      return found;
    }
    rows.stage(STAGE, STAGE_COLUMNS, staged(wanted));
    probeStaged(scopeId, collect);
    return found;
  }

  private static List<Object[]> staged(Collection<Wanted> wanted) {
    List<Object[]> staged = new ArrayList<>(wanted.size());
    for (Wanted w : wanted) {
      staged.add(new Object[] {w.kind().name(), w.value()});
    }
    return staged;
  }

  /** Each staged value looked up in the scope's unique key, in the key's order. */
  private void probeStaged(long scopeId, RowCallbackHandler handler) {
    jdbc.query(
        COLUMNS
            + rows.probeJoin(
                "(select * from " + STAGE + " order by entry_value, list_kind) w",
                "entry e",
                "e.scope_id = ? and e.entry_value = w.entry_value and e.list_kind = w.list_kind"),
        handler,
        scopeId);
  }

  /**
   * One batch of a streamed write ({@link BulkUpserts#upsertAll}): which of its values an earlier
   * batch of the same write named already ({@link Found#repeated}, by {@link #key}), and the stored
   * entries of the others. The values of the batches are kept in a temporary table keyed by value
   * ({@code bulk_seen_entry}) for the batches after them, so that telling a repeat costs an index
   * probe in the database, not a set of every value in memory. Runs in the write's transaction,
   * where the table lives.
   *
   * <p>On PostgreSQL the batch is staged and probed against both tables, one index probe per value
   * ({@link #find}). H2 plans a join of a staged table with a large one as a scan of the large one
   * for each staged row (a 300,000-line import ran at 800 entries/s so), so there the values are
   * named in lists, on the index whose first column is the value, as {@link #find} does.
   *
   * @param batch the batch's number in the write, from 0
   * @param more whether batches may follow (the values are kept only then)
   */
  Found findBatch(long scopeId, Collection<Wanted> wanted, int batch, boolean more) {
    List<Object[]> staged = staged(wanted);
    Set<String> repeated = new HashSet<>();
    RowCallbackHandler repeats =
        row -> repeated.add(key(ListKind.valueOf(row.getString(1)), row.getString(2)));
    if (rows.joinsStagedValues()) {
      rows.stage(STAGE, STAGE_COLUMNS, staged);
      if (batch > 0) {
        jdbc.query(
            "select w.list_kind, w.entry_value from "
                + STAGE
                + " w where exists (select 1 from "
                + SEEN
                + " s where s.entry_value = w.entry_value and s.list_kind = w.list_kind)",
            repeats);
      }
      if (more && batch > 0) {
        jdbc.update(
            "insert into "
                + SEEN
                + " (list_kind, entry_value) select w.list_kind, w.entry_value from "
                + STAGE
                + " w where not exists (select 1 from "
                + SEEN
                + " s where s.entry_value = w.entry_value and s.list_kind = w.list_kind)");
      }
    } else if (batch > 0) {
      Set<String> keys = keys(wanted);
      rows.selectWhereIn(
          "select s.list_kind, s.entry_value from " + SEEN + " s where",
          "s.entry_value",
          values(wanted),
          row -> {
            String key = key(ListKind.valueOf(row.getString(1)), row.getString(2));
            if (keys.contains(key)) {
              repeated.add(key);
            }
          });
      if (more) {
        List<Object[]> fresh = new ArrayList<>(staged.size());
        for (Object[] row : staged) {
          if (!repeated.contains(key(ListKind.valueOf((String) row[0]), (String) row[1]))) {
            fresh.add(row);
          }
        }
        rows.insert(SEEN, List.of("list_kind", "entry_value"), fresh);
      }
    }
    if (more && batch == 0) {
      rows.stage(SEEN, SEEN_COLUMNS, staged);
    }
    Map<String, Stored> found;
    if (rows.joinsStagedValues()) {
      Map<String, Stored> probed = new HashMap<>();
      probeStaged(
          scopeId,
          row -> {
            Stored stored = stored(row);
            probed.put(key(stored.kind(), stored.value()), stored);
          });
      found = probed;
    } else {
      found = find(scopeId, wanted);
    }
    return new Found(found, repeated);
  }

  private static List<String> values(Collection<Wanted> wanted) {
    List<String> values = new ArrayList<>(wanted.size());
    for (Wanted w : wanted) {
      values.add(w.value());
    }
    return values;
  }

  /**
   * What {@link #findBatch} found.
   *
   * @param stored the stored entries of the batch's values, by {@link #key}
   * @param repeated the keys of the values an earlier batch of the write named
   */
  record Found(Map<String, Stored> stored, Set<String> repeated) {}

  /** A list and canonical value that a bulk write asks for. */
  record Wanted(ListKind kind, String value) {}

  private static Set<String> keys(Collection<Wanted> wanted) {
    Set<String> keys = new HashSet<>();
    for (Wanted w : wanted) {
      keys.add(key(w.kind(), w.value()));
    }
    return keys;
  }

  private static Stored stored(ResultSet row) throws SQLException {
    int code = row.getInt(5);
    Integer returnCode = row.wasNull() ? null : code;
    Timestamp expires = row.getTimestamp(8);
    return new Stored(
        row.getLong(1),
        ListKind.valueOf(row.getString(3)),
        row.getString(4),
        returnCode,
        row.getString(6),
        row.getBoolean(7),
        expires == null ? null : expires.toInstant(),
        EntrySource.valueOf(row.getString(9)),
        row.getLong(10),
        feedId(row),
        row.getLong(2),
        ValueType.valueOf(row.getString(12)));
  }

  private static Long feedId(ResultSet row) throws SQLException {
    long feed = row.getLong(11);
    return row.wasNull() ? null : feed;
  }

  /** How {@link #find} keys an entry: its list and canonical value. */
  static String key(ListKind kind, String value) {
    return kind.name() + ' ' + value;
  }

  /** {@code count} fresh entry ids. */
  long[] newIds(int count) {
    long[] ids = new long[count];
    int n = 0;
    while (n < count) {
      for (long high : rows.nextValues("entry_id_seq", (count - n + ID_BLOCK - 1) / ID_BLOCK)) {
        // The sequence's very first value, 1, reserves only itself.
        for (long id = Math.max(1, high - ID_BLOCK + 1); id <= high && n < count; id++) {
          ids[n++] = id;
        }
      }
    }
    return ids;
  }

  /**
   * A row for {@link #insert}: a new, enabled entry at version 0; {@code value} is canonical,
   * {@code feedId} the feed it comes from, or null.
   */
  static Object[] newRow(
      long id,
      long scopeId,
      EntryDraft draft,
      String value,
      EntrySource source,
      String actor,
      Instant now,
      Long feedId) {
    return new Object[] {
      id,
      scopeId,
      draft.kind().name(),
      draft.value().type().name(),
      value,
      draft.returnCode(),
      draft.reason(),
      true,
      draft.expiresAt(),
      source.name(),
      actor,
      now,
      actor,
      now,
      0L,
      feedId,
      EntrySortKey.of(draft.value())
    };
  }

  /** A row for {@link #update}: the stored entry taking the draft's answer and expiry. */
  static Object[] updateRow(Stored stored, EntryDraft draft, String actor, Instant now) {
    return new Object[] {
      stored.id(),
      draft.returnCode(),
      draft.reason(),
      true,
      draft.expiresAt(),
      actor,
      now,
      stored.version() + 1
    };
  }

  /**
   * At most {@code limit} entries of a feed in a scope with an id above {@code after}, in the order
   * of their ids, whose value the write did not name: what the feed's file no longer holds. Named
   * are the values of the write's batches ({@link #findBatch} with {@code more}, or {@link
   * #seenNone} when there was no batch). Read from {@code after} on, each call goes on where the
   * one before stopped instead of passing again over the entries the file still holds.
   */
  List<Stored> unseen(long scopeId, long feedId, long after, int limit) {
    return jdbc.query(
        SELECT
            + " where e.scope_id = ? and e.feed_id = ? and e.id > ? and not exists (select 1 from "
            + SEEN
            + " s where s.entry_value = e.entry_value and s.list_kind = e.list_kind)"
            // Ordered as the index on the scope (whose keys end with the id) reads them, so that H2
            // stops at the limit; "by id" alone made it read and sort the scope's entries after
            // "after" on every call.
            + " order by e.scope_id, e.id limit ?",
        (row, i) -> stored(row),
        scopeId,
        feedId,
        after,
        limit);
  }

  /**
   * As {@link #unseen}, the entries named being those of a write stored in parts ({@link
   * NamedEntries}): the feed's ids are read {@value #ID_PAGE} at a time in the order of the index
   * on the scope, as {@link #unseen} reads them, and only the entries not named are read with all
   * their columns.
   */
  List<Stored> unnamed(long scopeId, long feedId, NamedEntries named, long after, int limit) {
    List<Long> ids = new ArrayList<>();
    long from = after;
    while (ids.size() < limit) {
      List<Long> page =
          jdbc.queryForList(
              "select e.id from entry e where e.scope_id = ? and e.feed_id = ? and e.id > ?"
                  + " order by e.scope_id, e.id limit ?",
              Long.class,
              scopeId,
              feedId,
              from,
              ID_PAGE);
      for (int i = 0; i < page.size() && ids.size() < limit; i++) {
        if (!named.contains(page.get(i))) {
          ids.add(page.get(i));
        }
      }
      if (page.size() < ID_PAGE) {
        break;
      }
      from = page.get(page.size() - 1);
    }
    List<Stored> gone = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i += ID_CHUNK) {
      List<Long> chunk = ids.subList(i, Math.min(ids.size(), i + ID_CHUNK));
      gone.addAll(
          jdbc.query(
              SELECT
                  + " where e.id in ("
                  + String.join(", ", Collections.nCopies(chunk.size(), "?"))
                  + ")",
              (row, n) -> stored(row),
              chunk.toArray()));
    }
    gone.sort(Comparator.comparingLong(Stored::id));
    return gone;
  }

  /** Stages no value, for a write that had no batch before {@link #unseen}. */
  void seenNone() {
    rows.stage(SEEN, SEEN_COLUMNS, List.of());
  }

  /** Deletes the entries with these ids. */
  void delete(List<Long> ids) {
    List<Object[]> args = new ArrayList<>(ids.size());
    for (long id : ids) {
      args.add(new Object[] {id});
    }
    jdbc.batchUpdate("delete from entry where id = ?", args);
  }

  void insert(List<Object[]> newRows) {
    rows.insert("entry", INSERT, newRows);
  }

  void update(List<Object[]> updateRows) {
    rows.update("entry", UPDATE, updateRows);
  }
}
