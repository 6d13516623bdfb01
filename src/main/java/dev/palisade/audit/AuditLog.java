package dev.palisade.audit;

import dev.palisade.common.BulkRows;
import dev.palisade.common.LazyList;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes and reads the audit trail. Writes join the transaction of the change they record, so a
 * change and its record commit or roll back together; large batches go in through {@link BulkRows}
 * ({@code COPY} on PostgreSQL).
 *
 * <p>One change of many objects ({@link #recordChange}: a paste, an import, an expiry round) is one
 * event with a count, and each object's change is an item of it, stored apart ({@code audit_item})
 * and read a page at a time ({@link #items}), so a page of the trail stays small whatever the
 * change's size.
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

  private static final List<String> ITEM_COLUMNS =
      List.of(
          "event_id", "item_no", "action", "object_id", "summary", "before_state", "after_state");

  /** Items written per round trip of a bulk event. */
  private static final int ITEM_BATCH = 5_000;

  private static final String EVENT_COLUMNS =
      "id, at, account_id, scope_label, actor, client_ip, source, action, object_type,"
          + " object_id, summary, before_state, after_state, item_count, undoes_event";

  /**
   * Records one change of many objects inside the caller's transaction, which must exist: each run
   * of records that share account, scope, actor, source and object type is one event, with the
   * records as its items; a run of one record is an ordinary event. Records are read once, in
   * order, so they may be made as they are read.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void recordChange(List<AuditRecord> records) {
    recordChange(records, null);
  }

  /**
   * Records a change as {@link #recordChange(List)} does, noting that it undid the event {@code
   * undoes} (null: it undid nothing).
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void recordChange(List<AuditRecord> records, Long undoes) {
    ChangeRecording recording = startChange(() -> undoes);
    recording.add(records);
    recording.finish();
  }

  /**
   * Records one change whose records a query makes in the database, so that a change of millions of
   * entries is written by one statement instead of passing through this process: what {@link
   * #recordChange(List, Long)} writes for the same records in the same order. Inside the caller's
   * transaction, which must exist.
   *
   * @param like the account, scope label, actor, source and object type of every record, and its
   *     moment; its action, object, summary and states are not used
   * @param actions how many records of each action the query gives, which must be what it gives
   * @param undoes the event the change undoes, or null
   * @param select a query giving the records in order, as the columns {@code item_no} (0, 1, ...),
   *     {@code action}, {@code object_id}, {@code summary}, {@code before_state} and {@code
   *     after_state}
   * @param args the query's parameters
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void recordSelected(
      AuditRecord like, Map<String, Integer> actions, Long undoes, String select, Object... args) {
    int count = actions.values().stream().mapToInt(Integer::intValue).sum();
    if (count == 0) {
      return;
    }
    if (count == 1) {
      // One record is an ordinary event, as a run of one is.
      AuditRecord only =
          jdbc.query(
                  "select action, object_id, summary, before_state, after_state from ("
                      + select
                      + ") i",
                  (row, n) ->
                      new AuditRecord(
                          like.at(),
                          like.accountId(),
                          like.scopeLabel(),
                          like.actor(),
                          like.source(),
                          row.getString(1),
                          like.objectType(),
                          (Long) row.getObject(2, Long.class),
                          row.getString(3),
                          row.getString(4),
                          row.getString(5)),
                  args)
              .get(0);
      insertEvent(
          only,
          only.action(),
          only.objectId(),
          only.summary(),
          only.before(),
          only.after(),
          1,
          undoes);
      return;
    }
    long eventId = insertEvent(like, like.action(), null, "", null, null, count, undoes);
    Object[] all = new Object[args.length + 1];
    all[0] = eventId;
    System.arraycopy(args, 0, all, 1, args.length);
    jdbc.update(
        "insert into audit_item (event_id, item_no, action, object_id, summary, before_state,"
            + " after_state) select ?, i.item_no, i.action, i.object_id, left(i.summary, 300),"
            + " left(i.before_state, "
            + MAX_STATE
            + "), left(i.after_state, "
            + MAX_STATE
            + ") from ("
            + select
            + ") i",
        all);
    String firstSummary =
        jdbc.queryForObject(
            "select summary from audit_item where event_id = ? and item_no = 0",
            String.class,
            eventId);
    AuditRecord first =
        new AuditRecord(
            like.at(),
            like.accountId(),
            like.scopeLabel(),
            like.actor(),
            like.source(),
            like.action(),
            like.objectType(),
            null,
            firstSummary,
            null,
            null);
    Map<String, Integer> sorted = new TreeMap<>();
    actions.forEach(
        (action, n) -> {
          if (n > 0) {
            sorted.put(action, n);
          }
        });
    String action = sorted.size() == 1 ? sorted.keySet().iterator().next() : "CHANGE";
    jdbc.update(
        "update audit_event set action = ?, summary = ? where id = ?",
        action,
        cut(bulkSummary(first, count, sorted), 300),
        eventId);
  }

  /**
   * Starts recording one change handed over a batch at a time (a bulk write of millions of entries
   * never holds all its records): what {@link #recordChange(List, Long)} writes, for records given
   * to {@link ChangeRecording#add} in several calls, then {@link ChangeRecording#finish}. All of it
   * inside the caller's transaction.
   *
   * @param undoes the event the change undoes (null: none), read when the event row is written
   */
  public ChangeRecording startChange(java.util.function.Supplier<Long> undoes) {
    return new ChangeRecording(undoes);
  }

  /** One change being recorded: see {@link #startChange}. Not thread-safe. */
  public final class ChangeRecording {
    private final java.util.function.Supplier<Long> undoes;
    private Run run;

    private ChangeRecording(java.util.function.Supplier<Long> undoes) {
      this.undoes = undoes;
    }

    /** Records the next records of the change, in order; they may be made as they are read. */
    public void add(List<AuditRecord> records) {
      for (int i = 0; i < records.size(); i++) {
        AuditRecord record = records.get(i);
        if (run != null && run.takes(record)) {
          run.add(record);
        } else {
          if (run != null) {
            run.finish();
          }
          run = new Run(record, undoes.get());
        }
      }
    }

    /** Writes what is still held: the last event's items, count and summary. */
    public void finish() {
      if (run != null) {
        run.finish();
        run = null;
      }
    }
  }

  /**
   * A run of records that becomes one event: the first is held until a second joins it, then the
   * event row is written, its items follow in batches, and its count and summary are set at the
   * end.
   */
  private final class Run {
    private final AuditRecord first;
    private final Long undoes;
    private final Map<String, Integer> actions = new TreeMap<>();
    private final List<Object[]> pending = new ArrayList<>();
    private long eventId = -1;
    private int count;

    Run(AuditRecord first, Long undoes) {
      this.first = first;
      this.undoes = undoes;
      count(first);
    }

    boolean takes(AuditRecord next) {
      return java.util.Objects.equals(first.accountId(), next.accountId())
          && java.util.Objects.equals(first.scopeLabel(), next.scopeLabel())
          && first.actor().equals(next.actor())
          && first.source().equals(next.source())
          && first.objectType().equals(next.objectType());
    }

    void add(AuditRecord next) {
      if (eventId < 0) {
        eventId = insertEvent(first, first.action(), null, first.summary(), null, null, 2, undoes);
        item(first);
      }
      count(next);
      item(next);
    }

    void finish() {
      if (eventId < 0) {
        insertEvent(
            first,
            first.action(),
            first.objectId(),
            first.summary(),
            first.before(),
            first.after(),
            1,
            undoes);
        return;
      }
      flush();
      String action = actions.size() == 1 ? actions.keySet().iterator().next() : "CHANGE";
      jdbc.update(
          "update audit_event set action = ?, summary = ?, item_count = ? where id = ?",
          action,
          cut(bulkSummary(first, count, actions), 300),
          count,
          eventId);
    }

    private void count(AuditRecord record) {
      count++;
      actions.merge(record.action(), 1, Integer::sum);
    }

    private void item(AuditRecord r) {
      pending.add(
          new Object[] {
            eventId,
            count - 1,
            r.action(),
            r.objectId(),
            cut(r.summary(), 300),
            cut(r.before(), MAX_STATE),
            cut(r.after(), MAX_STATE)
          });
      if (pending.size() >= ITEM_BATCH) {
        flush();
      }
    }

    private void flush() {
      if (!pending.isEmpty()) {
        rows.insert("audit_item", ITEM_COLUMNS, List.copyOf(pending));
        pending.clear();
      }
    }
  }

  /** Inserts one event row and returns its id. */
  private long insertEvent(
      AuditRecord r,
      String action,
      Long objectId,
      String summary,
      String before,
      String after,
      int itemCount,
      Long undoes) {
    KeyHolder key = new GeneratedKeyHolder();
    jdbc.update(
        connection -> {
          PreparedStatement insert =
              connection.prepareStatement(
                  "insert into audit_event (at, account_id, scope_label, actor, client_ip,"
                      + " source, action, object_type, object_id, summary, before_state,"
                      + " after_state, item_count, undoes_event)"
                      + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  new String[] {"id"});
          insert.setTimestamp(1, Timestamp.from(r.at()));
          insert.setObject(2, r.accountId(), Types.BIGINT);
          insert.setString(3, r.scopeLabel());
          insert.setString(4, cut(r.actor().name(), 150));
          insert.setString(5, r.actor().clientIp());
          insert.setString(6, r.source());
          insert.setString(7, action);
          insert.setString(8, r.objectType());
          insert.setObject(9, objectId, Types.BIGINT);
          insert.setString(10, cut(summary, 300));
          insert.setString(11, cut(before, MAX_STATE));
          insert.setString(12, cut(after, MAX_STATE));
          insert.setInt(13, itemCount);
          insert.setObject(14, undoes, Types.BIGINT);
          return insert;
        },
        key);
    return key.getKey().longValue();
  }

  /**
   * What a bulk event says: {@code 9988 entries changed (9000 created, 988 updated), first: block
   * 192.0.2.1 on acme}.
   */
  static String bulkSummary(AuditRecord first, int count, Map<String, Integer> actions) {
    List<String> parts = new ArrayList<>();
    actions.forEach((action, n) -> parts.add(n + " " + pastTense(action)));
    String things =
        "ENTRY".equals(first.objectType())
            ? "entries"
            : first.objectType().toLowerCase(Locale.ROOT).replace('_', ' ') + "s";
    return count
        + " "
        + things
        + " changed ("
        + String.join(", ", parts)
        + "), first: "
        + first.summary();
  }

  private static String pastTense(String action) {
    return switch (action) {
      case "CREATE" -> "created";
      case "UPDATE" -> "updated";
      case "DELETE" -> "deleted";
      case "EXPIRE" -> "expired";
      default -> action.toLowerCase(Locale.ROOT);
    };
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
        "select "
            + EVENT_COLUMNS
            + " from audit_event"
            + where
            + " order by at desc, id desc limit ? offset ?",
        AuditLog::event,
        args.toArray());
  }

  /**
   * Every event matching the query, newest first, handed over one at a time as the database sends
   * them (for exports: nothing is collected).
   */
  @Transactional(readOnly = true)
  public void forEach(AuditQuery query, java.util.function.Consumer<AuditEvent> each) {
    List<Object> args = new ArrayList<>();
    String where = where(query, args);
    jdbc.query(
        connection -> {
          PreparedStatement select =
              connection.prepareStatement(
                  "select "
                      + EVENT_COLUMNS
                      + " from audit_event"
                      + where
                      + " order by at desc, id desc");
          select.setFetchSize(500);
          for (int i = 0; i < args.size(); i++) {
            select.setObject(i + 1, args.get(i));
          }
          return select;
        },
        (RowCallbackHandler) row -> each.accept(event(row, 0)));
  }

  /** One event by id, if it exists (and, when {@code accountId} is given, is that account's). */
  @Transactional(readOnly = true)
  public java.util.Optional<AuditEvent> event(long id, Long accountId) {
    List<AuditEvent> found =
        jdbc.query(
            "select " + EVENT_COLUMNS + " from audit_event where id = ?", AuditLog::event, id);
    return found.stream()
        .filter(e -> accountId == null || accountId.equals(e.accountId()))
        .findFirst();
  }

  /**
   * A page of a bulk event's items, in the order of the change: those after item {@code after} (-1:
   * from the first), at most {@code size}. One range of the items' key, however many there are.
   */
  @Transactional(readOnly = true)
  public List<AuditItem> items(long eventId, int after, int size) {
    return jdbc.query(
        "select event_id, item_no, action, object_id, summary, before_state, after_state"
            + " from audit_item where event_id = ? and item_no > ? order by event_id, item_no"
            + " limit ?",
        (row, n) ->
            new AuditItem(
                row.getLong(1),
                row.getInt(2),
                row.getString(3),
                (Long) row.getObject(4, Long.class),
                row.getString(5),
                row.getString(6),
                row.getString(7)),
        eventId,
        after,
        size);
  }

  private static AuditEvent event(java.sql.ResultSet row, int n) throws java.sql.SQLException {
    return new AuditEvent(
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
        row.getString(13),
        row.getInt(14),
        (Long) row.getObject(15, Long.class));
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
   * ...), each item of a bulk event counted. Uses the (account, time) index, so it reads only that
   * window.
   */
  @Transactional(readOnly = true)
  public Map<String, Long> countActions(long accountId, String objectType, Instant since) {
    Map<String, Long> counts = new TreeMap<>();
    RowCallbackHandler add = row -> counts.merge(row.getString(1), row.getLong(2), Long::sum);
    jdbc.query(
        "select action, count(*) from audit_event where account_id = ? and at >= ?"
            + " and object_type = ? and item_count = 1 group by action",
        add,
        accountId,
        Timestamp.from(since),
        objectType);
    // A bulk event counts each of its items.
    jdbc.query(
        "select i.action, count(*) from audit_event e join audit_item i on i.event_id = e.id"
            + " where e.account_id = ? and e.at >= ? and e.object_type = ? and e.item_count > 1"
            + " group by i.action",
        add,
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
      // A bulk event matches when one of its items does.
      conditions.add(
          "(action = ? or (item_count > 1 and exists (select 1 from audit_item i"
              + " where i.event_id = audit_event.id and i.action = ?)))");
      args.add(query.action().toUpperCase(Locale.ROOT));
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
      conditions.add(
          "(lower(summary) like ? or (item_count > 1 and exists (select 1 from audit_item i"
              + " where i.event_id = audit_event.id and lower(i.summary) like ?)))");
      args.add(like(query.text()));
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
