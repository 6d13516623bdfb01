package dev.palisade.listing;

import dev.palisade.system.BulkRows;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

  private static final String SELECT =
      "select id, scope_id, list_kind, entry_value, return_code, reason, enabled, expires_at,"
          + " source, version from entry where";

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
          "version");

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

  EntryBulkStore(BulkRows rows) {
    this.rows = rows;
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
      long version) {

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
   * The stored entries of a scope having one of these values, by {@link #key}. The query names the
   * values only and the scope is picked here: given the scope as well, H2 walks the whole scope
   * through the (scope, kind, value) index instead of probing the index on the value.
   */
  Map<String, Stored> find(long scopeId, Collection<String> values) {
    Map<String, Stored> found = new HashMap<>();
    rows.selectWhereIn(
        SELECT,
        "entry_value",
        values,
        row -> {
          if (row.getLong(2) != scopeId) {
            return;
          }
          int code = row.getInt(5);
          Integer returnCode = row.wasNull() ? null : code;
          Timestamp expires = row.getTimestamp(8);
          Stored stored =
              new Stored(
                  row.getLong(1),
                  ListKind.valueOf(row.getString(3)),
                  row.getString(4),
                  returnCode,
                  row.getString(6),
                  row.getBoolean(7),
                  expires == null ? null : expires.toInstant(),
                  EntrySource.valueOf(row.getString(9)),
                  row.getLong(10));
          found.put(key(stored.kind(), stored.value()), stored);
        });
    return found;
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

  /** A row for {@link #insert}: a new, enabled entry at version 0; {@code value} is canonical. */
  static Object[] newRow(
      long id,
      long scopeId,
      EntryDraft draft,
      String value,
      EntrySource source,
      String actor,
      Instant now) {
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
      0L
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

  void insert(List<Object[]> newRows) {
    rows.insert("entry", INSERT, newRows);
  }

  void update(List<Object[]> updateRows) {
    rows.update("entry", UPDATE, updateRows);
  }
}
