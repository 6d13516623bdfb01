package dev.palisade.listing;

import dev.palisade.common.ConflictException;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.ValueType;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.stereotype.Component;

/**
 * One entry row at a time, by plain JDBC, for the single-entry writes ({@link EntryWrites}): every
 * method is one statement and one round trip to the database, and nothing is read back that the
 * caller already knows. (Through JPA, the same write costs a select of the row, a flush and a read
 * back.) Joins the caller's transaction, which must hold the scope's row lock, so that no other
 * write changes the scope's entries meanwhile. Thread-safe.
 *
 * <p>Rows are found by (scope, list, value), the unique index {@code entry_value_unique}. Deletes
 * return the deleted row: {@code delete ... returning} on PostgreSQL, an {@code old table} of the
 * delete on H2.
 */
@Component
class EntryRowStore {

  /**
   * Ids one value of {@code entry_id_seq} stands for, as for {@link EntryBulkStore}: value {@code
   * v} reserves ids {@code v - 99 .. v} (the sequence counts in steps of 100, migration V1), so a
   * block is fetched once per hundred new entries.
   */
  private static final int ID_BLOCK = 100;

  private static final String COLUMNS =
      "id, scope_id, list_kind, value_type, entry_value, return_code, reason, enabled, expires_at,"
          + " source, created_by, created_at, updated_by, updated_at, version";

  private static final String BY_VALUE =
      " where scope_id = ? and list_kind = ? and entry_value = ?";

  private static final String BY_ID = " where id = ? and scope_id = ?";

  private static final String INSERT =
      "insert into entry ("
          + COLUMNS
          + ", sort_key) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private static final String UPDATE =
      "update entry set return_code = ?, reason = ?, enabled = ?, expires_at = ?, updated_by = ?,"
          + " updated_at = ?, version = ? where id = ? and version = ?";

  private final JdbcTemplate jdbc;
  private final boolean postgres;
  private final String nextIdBlock;

  /** The unused ids of the block fetched last: {@code nextId .. lastId}; guarded by this. */
  private long nextId = 1;

  private long lastId = 0;

  EntryRowStore(DataSource dataSource, JdbcTemplate jdbc) throws MetaDataAccessException {
    this.jdbc = jdbc;
    String product = JdbcUtils.extractDatabaseMetaData(dataSource, "getDatabaseProductName");
    this.postgres = "PostgreSQL".equals(product);
    this.nextIdBlock =
        postgres ? "select nextval('entry_id_seq')" : "select next value for entry_id_seq";
  }

  /** The entry with this value on a scope's list, if there is one. */
  Optional<Entry> find(long scopeId, ListKind kind, String value) {
    return jdbc.query(
        "select " + COLUMNS + " from entry" + BY_VALUE,
        EntryRowStore::first,
        scopeId,
        kind.name(),
        value);
  }

  /** Stores a new entry under a fresh id, which it is given. */
  Entry insert(Entry entry) {
    entry.assignId(newId());
    jdbc.update(
        INSERT,
        (PreparedStatement statement) -> {
          statement.setLong(1, entry.getId());
          statement.setLong(2, entry.getScopeId());
          statement.setString(3, entry.getKind().name());
          statement.setString(4, entry.getValueType().name());
          statement.setString(5, entry.getValue());
          setInteger(statement, 6, entry.getReturnCode());
          statement.setString(7, entry.getReason());
          statement.setBoolean(8, entry.isEnabled());
          setInstant(statement, 9, entry.getExpiresAt());
          statement.setString(10, entry.getSource().name());
          statement.setString(11, entry.getCreatedBy());
          setInstant(statement, 12, entry.getCreatedAt());
          statement.setString(13, entry.getUpdatedBy());
          setInstant(statement, 14, entry.getUpdatedAt());
          statement.setLong(15, entry.getVersion());
          statement.setString(16, entry.getSortKey());
        });
    return entry;
  }

  /**
   * Stores an entry's new answer, expiry and state, counting a version; {@link ConflictException}
   * when its row changed or went since it was read.
   */
  void update(Entry entry) {
    long read = entry.getVersion();
    entry.nextVersion();
    int updated =
        jdbc.update(
            UPDATE,
            (PreparedStatement statement) -> {
              setInteger(statement, 1, entry.getReturnCode());
              statement.setString(2, entry.getReason());
              statement.setBoolean(3, entry.isEnabled());
              setInstant(statement, 4, entry.getExpiresAt());
              statement.setString(5, entry.getUpdatedBy());
              setInstant(statement, 6, entry.getUpdatedAt());
              statement.setLong(7, entry.getVersion());
              statement.setLong(8, entry.getId());
              statement.setLong(9, read);
            });
    if (updated != 1) {
      throw new ConflictException(
          entry.getValue() + " was changed or deleted meanwhile; try again");
    }
  }

  /** Deletes the entry with this value from a scope's list; returns it as it was. */
  Optional<Entry> delete(long scopeId, ListKind kind, String value) {
    return jdbc.query(deleting(BY_VALUE), EntryRowStore::first, scopeId, kind.name(), value);
  }

  /** Deletes the entry with this id if it belongs to the scope; returns it as it was. */
  Optional<Entry> delete(long scopeId, long entryId) {
    return jdbc.query(deleting(BY_ID), EntryRowStore::first, entryId, scopeId);
  }

  /** The rows of a scope with these ids, in id order; ids of other scopes are left out. */
  List<Entry> findAll(long scopeId, List<Long> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return jdbc.query(
        "select " + COLUMNS + " from entry" + byIds(ids.size()) + " order by id",
        (row, n) -> row(row),
        arguments(scopeId, ids));
  }

  /** Deletes the rows of a scope with these ids; returns them as they were. */
  List<Entry> deleteAll(long scopeId, List<Long> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return jdbc.query(deleting(byIds(ids.size())), (row, n) -> row(row), arguments(scopeId, ids));
  }

  /**
   * Stores a new expiry for these rows of a scope, stamped as changed by {@code actor} at {@code
   * now}, counting a version each.
   */
  void expireAll(long scopeId, List<Long> ids, Instant expiresAt, String actor, Instant now) {
    List<Object> args = new ArrayList<>(List.of(ts(expiresAt), actor, ts(now)));
    args.addAll(List.of(arguments(scopeId, ids)));
    jdbc.update(
        "update entry set expires_at = ?, updated_by = ?, updated_at = ?, version = version + 1"
            + byIds(ids.size()),
        args.toArray());
  }

  /**
   * Moves these rows of a scope to another scope and list, keeping their ids (and with them their
   * hits and audit history), stamped as changed by {@code actor} at {@code now}.
   */
  void moveAll(
      long scopeId, List<Long> ids, long toScopeId, ListKind toKind, String actor, Instant now) {
    List<Object> args = new ArrayList<>(List.of(toScopeId, toKind.name(), actor, ts(now)));
    args.addAll(List.of(arguments(scopeId, ids)));
    jdbc.update(
        "update entry set scope_id = ?, list_kind = ?, updated_by = ?, updated_at = ?,"
            + " version = version + 1"
            + byIds(ids.size()),
        args.toArray());
  }

  /** Which of these values a scope's list holds already. */
  List<String> taken(long scopeId, ListKind kind, Collection<String> values) {
    if (values.isEmpty()) {
      return List.of();
    }
    List<Object> args = new ArrayList<>(List.of(scopeId, kind.name()));
    args.addAll(values);
    return jdbc.queryForList(
        "select entry_value from entry where scope_id = ? and list_kind = ? and entry_value in ("
            + String.join(",", Collections.nCopies(values.size(), "?"))
            + ") order by entry_value",
        String.class,
        args.toArray());
  }

  private static String byIds(int count) {
    return " where scope_id = ? and id in ("
        + String.join(",", Collections.nCopies(count, "?"))
        + ")";
  }

  private static Object[] arguments(long scopeId, List<Long> ids) {
    Object[] args = new Object[ids.size() + 1];
    args[0] = scopeId;
    for (int i = 0; i < ids.size(); i++) {
      args[i + 1] = ids.get(i);
    }
    return args;
  }

  private static OffsetDateTime ts(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  private String deleting(String where) {
    return postgres
        ? "delete from entry" + where + " returning " + COLUMNS
        : "select " + COLUMNS + " from old table (delete from entry" + where + ")";
  }

  /** The next id of the current block, fetching a new block when it is used up. */
  private synchronized long newId() {
    if (nextId > lastId) {
      Long high = jdbc.queryForObject(nextIdBlock, Long.class);
      if (high == null) {
        throw new IllegalStateException("entry_id_seq returned no value");
      }
      // The sequence's very first value, 1, reserves only itself.
      nextId = Math.max(1, high - ID_BLOCK + 1);
      lastId = high;
    }
    return nextId++;
  }

  private static Optional<Entry> first(ResultSet row) throws SQLException {
    if (!row.next()) {
      return Optional.empty();
    }
    return Optional.of(row(row));
  }

  /** The entry of the result's current row, read in the order of {@link #COLUMNS}. */
  private static Entry row(ResultSet row) throws SQLException {
    int code = row.getInt(6);
    Integer returnCode = row.wasNull() ? null : code;
    return Entry.stored(
        row.getLong(1),
        row.getLong(2),
        ListKind.valueOf(row.getString(3)),
        ValueType.valueOf(row.getString(4)),
        row.getString(5),
        returnCode,
        row.getString(7),
        row.getBoolean(8),
        instant(row, 9),
        EntrySource.valueOf(row.getString(10)),
        row.getString(11),
        instant(row, 12),
        row.getString(13),
        instant(row, 14),
        row.getLong(15));
  }

  private static Instant instant(ResultSet row, int column) throws SQLException {
    OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  private static void setInstant(PreparedStatement statement, int index, Instant value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      statement.setObject(index, value.atOffset(ZoneOffset.UTC));
    }
  }

  private static void setInteger(PreparedStatement statement, int index, Integer value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.INTEGER);
    } else {
      statement.setInt(index, value);
    }
  }
}
