package dev.palisade.audit;

import dev.palisade.common.BulkRows;
import dev.palisade.common.LazyList;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes and reads the audit trail. Writes join the transaction of the change they record, so a
 * change and its record commit or roll back together; large batches go in through {@link BulkRows}
 * ({@code COPY} on PostgreSQL).
 *
 * <p>Thread-safe.
 */
@Service
public class AuditLog {

  private static final List<String> COLUMNS =
      List.of(
          "at",
          "account_id",
          "scope_label",
          "actor",
          "client_ip",
          "source",
          "action",
          "object_type",
          "object_id",
          "summary",
          "before_state",
          "after_state");

  /** Longest stored before/after text; longer states are cut (the column is 4000). */
  private static final int MAX_STATE = 4000;

  private final JdbcTemplate jdbc;
  private final BulkRows rows;

  AuditLog(JdbcTemplate jdbc, BulkRows rows) {
    this.jdbc = jdbc;
    this.rows = rows;
  }

  /** Records changes inside the caller's transaction, which must exist. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void record(List<AuditRecord> records) {
    // Each row is made while it is written: a bulk write's records need not exist all at once.
    List<Object[]> values =
        LazyList.of(
            records.size(),
            index -> {
              AuditRecord r = records.get(index);
              return new Object[] {
                r.at(),
                r.accountId(),
                r.scopeLabel(),
                cut(r.actor().name(), 150),
                r.actor().clientIp(),
                r.source(),
                r.action(),
                r.objectType(),
                r.objectId(),
                cut(r.summary(), 300),
                cut(r.before(), MAX_STATE),
                cut(r.after(), MAX_STATE)
              };
            });
    rows.insert("audit_event", COLUMNS, values);
  }

  /** Records one change inside the caller's transaction. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void record(AuditRecord record) {
    record(List.of(record));
  }

  /** Events matching the query, newest first, one page. */
  @Transactional(readOnly = true)
  public List<AuditEvent> find(AuditQuery query, int page, int size) {
    List<Object> args = new ArrayList<>();
    String where = where(query, args);
    args.add(size);
    args.add((long) page * size);
    return jdbc.query(
        "select id, at, account_id, scope_label, actor, client_ip, source, action, object_type,"
            + " object_id, summary, before_state, after_state from audit_event"
            + where
            + " order by at desc, id desc limit ? offset ?",
        (row, n) ->
            new AuditEvent(
                row.getLong(1),
                row.getTimestamp(2).toInstant(),
                (Long) row.getObject(3, Long.class),
                row.getString(4),
                row.getString(5),
                row.getString(6),
                row.getString(7),
                row.getString(8),
                row.getString(9),
                (Long) row.getObject(10, Long.class),
                row.getString(11),
                row.getString(12),
                row.getString(13)),
        args.toArray());
  }

  /** How many events match the query. */
  @Transactional(readOnly = true)
  public long count(AuditQuery query) {
    List<Object> args = new ArrayList<>();
    Long count =
        jdbc.queryForObject(
            "select count(*) from audit_event" + where(query, args), Long.class, args.toArray());
    return count == null ? 0 : count;
  }

  /**
   * How many changes of one object type an account had since a moment, per action (CREATE, EXPIRE,
   * ...). Uses the (account, time) index, so it reads only that window.
   */
  @Transactional(readOnly = true)
  public Map<String, Long> countActions(long accountId, String objectType, Instant since) {
    Map<String, Long> counts = new TreeMap<>();
    jdbc.query(
        "select action, count(*) from audit_event where account_id = ? and at >= ?"
            + " and object_type = ? group by action",
        row -> {
          counts.put(row.getString(1), row.getLong(2));
        },
        accountId,
        Timestamp.from(since),
        objectType);
    return counts;
  }

  private static String where(AuditQuery query, List<Object> args) {
    List<String> conditions = new ArrayList<>();
    if (query.accountId() != null) {
      conditions.add("account_id = ?");
      args.add(query.accountId());
    }
    if (query.action() != null) {
      conditions.add("action = ?");
      args.add(query.action().toUpperCase(Locale.ROOT));
    }
    if (query.objectType() != null) {
      conditions.add("object_type = ?");
      args.add(query.objectType().toUpperCase(Locale.ROOT));
    }
    if (query.actor() != null) {
      conditions.add("lower(actor) like ?");
      args.add(like(query.actor()));
    }
    if (query.text() != null) {
      conditions.add("lower(summary) like ?");
      args.add(like(query.text()));
    }
    if (query.from() != null) {
      conditions.add("at >= ?");
      args.add(Timestamp.from(query.from()));
    }
    if (query.to() != null) {
      conditions.add("at < ?");
      args.add(Timestamp.from(query.to()));
    }
    return conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
  }

  /** A LIKE pattern matching the text anywhere, with LIKE's wildcards taken literally. */
  private static String like(String text) {
    String escaped =
        text.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    return "%" + escaped + "%";
  }

  private static String cut(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max);
  }
}
