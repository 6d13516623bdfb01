package dev.palisade.imports;

import dev.palisade.dnsbl.ListKind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The {@code feed} table, read and written with plain SQL. Thread-safe. */
@Component
class FeedStore {

  private static final String COLUMNS =
      "id, scope_id, list_kind, format, path, created_by, created_at, checked_at, changed_at,"
          + " file_size, file_modified, file_key, entry_count, error";

  private final JdbcTemplate jdbc;

  FeedStore(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  List<Feed> all() {
    return jdbc.query("select " + COLUMNS + " from feed order by id", (row, i) -> feed(row));
  }

  List<Feed> ofScopes(List<Long> scopeIds) {
    if (scopeIds.isEmpty()) {
      return List.of();
    }
    return jdbc.query(
        "select "
            + COLUMNS
            + " from feed where scope_id in ("
            + String.join(", ", Collections.nCopies(scopeIds.size(), "?"))
            + ") order by id",
        (row, i) -> feed(row),
        scopeIds.toArray());
  }

  Optional<Feed> find(long id) {
    return jdbc
        .query("select " + COLUMNS + " from feed where id = ?", (row, i) -> feed(row), id)
        .stream()
        .findFirst();
  }

  long insert(
      long scopeId, ListKind list, ImportFormat format, String path, String actor, Instant now) {
    jdbc.update(
        "insert into feed (scope_id, list_kind, format, path, created_by, created_at, entry_count)"
            + " values (?, ?, ?, ?, ?, ?, 0)",
        scopeId,
        list.name(),
        format.name(),
        path,
        actor,
        Timestamp.from(now));
    return jdbc.queryForObject(
        "select id from feed where scope_id = ? and list_kind = ? and path = ?",
        Long.class,
        scopeId,
        list.name(),
        path);
  }

  void delete(long id) {
    jdbc.update("delete from feed where id = ?", id);
  }

  /** A check that applied nothing: when, and why (null: the file had not changed). */
  void checked(long id, Instant at, String error) {
    jdbc.update(
        "update feed set checked_at = ?, error = ? where id = ?", Timestamp.from(at), error, id);
  }

  /**
   * A check whose update stopped after some of its parts were stored: the feed changed now, and
   * counts its entries again; the file as last applied stays, so the next check applies it again.
   */
  void partlyApplied(long id, Instant at) {
    jdbc.update(
        "update feed set changed_at = ?,"
            + " entry_count = (select count(*) from entry where feed_id = ?) where id = ?",
        Timestamp.from(at),
        id,
        id);
  }

  /**
   * A check that applied the file: when, when the feed last changed (this check, if it wrote
   * anything), the file as applied, and the feed's entries now.
   */
  void applied(long id, Instant at, Instant changedAt, long size, Instant modified, String key) {
    jdbc.update(
        "update feed set checked_at = ?, changed_at = ?, file_size = ?, file_modified = ?,"
            + " file_key = ?, error = null,"
            + " entry_count = (select count(*) from entry where feed_id = ?) where id = ?",
        Timestamp.from(at),
        changedAt == null ? null : Timestamp.from(changedAt),
        size,
        Timestamp.from(modified),
        key,
        id,
        id);
  }

  private static Feed feed(ResultSet row) throws SQLException {
    long size = row.getLong(10);
    Long fileSize = row.wasNull() ? null : size;
    return new Feed(
        row.getLong(1),
        row.getLong(2),
        ListKind.valueOf(row.getString(3)),
        ImportFormat.valueOf(row.getString(4)),
        row.getString(5),
        row.getString(6),
        instant(row.getTimestamp(7)),
        instant(row.getTimestamp(8)),
        instant(row.getTimestamp(9)),
        fileSize,
        instant(row.getTimestamp(11)),
        row.getString(12),
        row.getLong(13),
        row.getString(14));
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
