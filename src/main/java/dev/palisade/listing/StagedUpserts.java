package dev.palisade.listing;

import dev.palisade.account.ScopeDetails;
import dev.palisade.audit.Actor;
import dev.palisade.audit.AuditLog;
import dev.palisade.audit.AuditRecord;
import dev.palisade.common.BulkRows;
import dev.palisade.common.LazyList;
import dev.palisade.dnsbl.EntryValue;
import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.ValueType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A streamed bulk write ({@link Listings#upsertAll}, {@link Listings#syncFeed}) done set-based in
 * PostgreSQL: each batch of drafts is only staged into one temporary table ({@code COPY}), and when
 * the last one is in, a few statements over the whole write compare it with the scope's entries,
 * insert the new ones, update the changed ones, delete a feed's gone ones, and write the audit
 * records — their before and after states made by the database ({@link #STATE}), as {@link
 * EntryStates} writes them. This process reads back only counts and, for a change small enough to
 * list ({@link ListingSettings#maxListedChange()}), the entries DNS and the change feed need.
 *
 * <p>What it stores, counts, audits and announces is what {@link BulkUpserts} stores batch by batch
 * for the same drafts (compared by {@code PostgresStagedUpsertIT}): a value's first draft counts,
 * the audit event's items come in the same order (per batch the updated entries in the order given,
 * then the new ones by value; a feed's gone entries last, by id), and so do the change feed's.
 * Batch by batch, a million drafts were 50 rounds of lookups, inserts, audit rows made one by one
 * in this process, and index probes of a table of the values seen so far.
 *
 * <p>PostgreSQL only ({@link #applies}): it uses {@code distinct on}, {@code lateral} and {@code
 * to_json}. Thread-safe; each {@link Write} belongs to one write.
 */
@Component
class StagedUpserts {

  private static final String STAGE = "staged_write_entry";
  private static final String DIFF = "staged_write_diff";
  private static final String GONE = "staged_write_gone";
  private static final String ID_BLOCKS = "staged_write_id_block";

  private static final List<String> STAGE_COLUMNS =
      List.of(
          "ord bigint not null",
          "batch integer not null",
          "list_kind varchar(7) not null",
          "value_type varchar(6) not null",
          // Sorted twice by value: byte order, as the entry's column
          // (EntryValueCollationMigration).
          "entry_value varchar(260) collate \"C\" not null",
          "return_code integer",
          "reason varchar(1000)",
          "expires_at timestamp with time zone",
          "sort_key varchar(270) not null");

  private static final List<String> STAGED =
      List.of(
          "ord",
          "batch",
          "list_kind",
          "value_type",
          "entry_value",
          "return_code",
          "reason",
          "expires_at",
          "sort_key");

  /** Ids one value of {@code entry_id_seq} stands for, as in {@link EntryBulkStore}. */
  private static final int ID_BLOCK = 100;

  /**
   * The work memory of the write's sorts and hashes (PostgreSQL's default, 4 MB, sends the sort of
   * a million staged values to disk), for its transaction only.
   */
  private static final String WORK_MEM = "64MB";

  /** How long one statement of the write may take before the connection is given up: 1 hour. */
  private static final int STATEMENT_TIMEOUT_MILLIS = 3_600_000;

  private final JdbcTemplate jdbc;
  private final BulkRows rows;
  private final AuditLog audit;
  private final ListingSettings settings;

  StagedUpserts(JdbcTemplate jdbc, BulkRows rows, AuditLog audit, ListingSettings settings) {
    this.jdbc = jdbc;
    this.rows = rows;
    this.audit = audit;
    this.settings = settings;
  }

  /** Whether the database takes writes this way: PostgreSQL, where rows are staged by COPY. */
  boolean applies() {
    return rows.joinsStagedValues();
  }

  /** Starts one write of the scope, inside its transaction: the staging table, empty. */
  Write start(ScopeDetails scope, Change change, EntrySource source, Actor actor, Long feedId) {
    jdbc.execute("set local work_mem = '" + WORK_MEM + "'");
    // One statement here covers the whole write (a million entries: tens of seconds on a busy
    // machine), longer than the connection's socketTimeout allows a statement; the pool puts the
    // connection's own timeout back when the write returns it.
    jdbc.execute(
        (ConnectionCallback<Void>)
            connection -> {
              connection.setNetworkTimeout(Runnable::run, STATEMENT_TIMEOUT_MILLIS);
              return null;
            });
    rows.stage(STAGE, STAGE_COLUMNS, List.of());
    return new Write(scope, change, source, actor, feedId);
  }

  /** The counts of a finished write. */
  record Counts(int created, int updated, int unchanged, int repeated, int kept, int deleted) {}

  /** One write: batches staged, then stored at once ({@link #finish}). Not thread-safe. */
  final class Write {
    private final ScopeDetails scope;
    private final Change change;
    private final EntrySource source;
    private final Actor actor;
    private final Long feedId;
    private long staged;

    private Write(ScopeDetails scope, Change change, EntrySource source, Actor actor, Long feedId) {
      this.scope = scope;
      this.change = change;
      this.source = source;
      this.actor = actor;
      this.feedId = feedId;
    }

    /**
     * Stages one batch, each value once in it (the batch's own repeats are the caller's to drop),
     * in the order given.
     */
    void stage(Collection<UpsertBatches.Wanted> batch, int number) {
      List<UpsertBatches.Wanted> list = List.copyOf(batch);
      long first = staged;
      rows.insert(
          STAGE,
          STAGED,
          LazyList.of(
              list.size(),
              i -> {
                EntryDraft draft = list.get(i).draft();
                return new Object[] {
                  first + i,
                  number,
                  draft.kind().name(),
                  draft.value().type().name(),
                  list.get(i).value(),
                  draft.returnCode(),
                  draft.reason(),
                  draft.expiresAt(),
                  EntrySortKey.of(draft.value())
                };
              }));
      staged += list.size();
    }

    /**
     * Stores what was staged: compares it with the scope's entries, writes the difference and its
     * audit records, and tells the change what stopped and started answering.
     */
    Counts finish() {
      Instant now = change.now();
      Timestamp at = Timestamp.from(now);
      long scopeId = scope.scopeId();
      jdbc.execute("analyze " + STAGE);
      jdbc.execute("drop table if exists " + DIFF);
      // The first draft of each value (the staging order), with the stored entry of its value
      // looked up in the unique key, value by value in the key's order, and what to do with it:
      // C create, U update, N nothing (unchanged), K keep (another's: a local entry or a feed's).
      // New entries are numbered (n) in the order they get ids: per batch, by value.
      String owned = feedId == null ? "e.feed_id is null" : "e.feed_id is not distinct from ?";
      // A scope without entries (a first import, a feed's first apply) has nothing to look up: a
      // million look-ups that find nothing were about 1 s of the comparison. It cannot gain
      // entries meanwhile: every write to it holds its account's lock (ScopeLocks, the serial's
      // row).
      boolean empty =
          !jdbc.queryForObject(
              "select exists (select 1 from entry where scope_id = ?)", Boolean.class, scopeId);
      String lookup =
          empty
              ? "false"
              : "e.scope_id = ? and e.entry_value = w.entry_value and e.list_kind = w.list_kind";
      // In the order of the placeholders: what the write owns, then the lookup's scope.
      List<Object> args = new ArrayList<>();
      if (feedId != null) {
        args.add(feedId);
      }
      if (!empty) {
        args.add(scopeId);
      }
      jdbc.update(
          "create temporary table "
              + DIFF
              + " on commit drop as select x.*, case when x.action = 'C' then row_number() over"
              + " (partition by x.action = 'C' order by x.batch, x.entry_value collate \"C\","
              + " x.ord) - 1 end as n from (select w.*, e.id as old_id, e.return_code as"
              + " old_return_code, e.reason as old_reason, e.enabled as old_enabled,"
              + " e.expires_at as old_expires_at, e.source as old_source, e.version as"
              + " old_version, case when e.id is null then 'C' when not ("
              + owned
              + ") then 'K' when e.return_code is distinct from w.return_code or e.reason is"
              + " distinct from w.reason or e.expires_at is distinct from w.expires_at or not"
              + " e.enabled then 'U' else 'N' end as action from (select distinct on"
              + " (entry_value, list_kind) * from "
              + STAGE
              + " order by entry_value, list_kind, ord) w left join lateral (select * from entry e"
              + " where "
              + lookup
              + " limit 1) e on true) x",
          args.toArray());
      jdbc.execute("analyze " + DIFF);

      Map<String, Integer> actions = new LinkedHashMap<>();
      int[] activeUpdated = {0};
      jdbc.query(
          "select action, count(*), count(*) filter (where old_enabled and (old_expires_at is"
              + " null or old_expires_at > ?)) from "
              + DIFF
              + " group by action",
          row -> {
            actions.put(row.getString(1), row.getInt(2));
            if ("U".equals(row.getString(1))) {
              activeUpdated[0] = row.getInt(3);
            }
          },
          at);
      int created = actions.getOrDefault("C", 0);
      int updated = actions.getOrDefault("U", 0);
      int distinct = actions.values().stream().mapToInt(Integer::intValue).sum();

      int deleted = 0;
      int activeDeleted = 0;
      if (feedId != null) {
        jdbc.execute("drop table if exists " + GONE);
        jdbc.update(
            "create temporary table "
                + GONE
                + " on commit drop as select e.id, e.list_kind, e.value_type, e.entry_value,"
                + " e.return_code, e.reason, e.enabled, e.expires_at, e.source from entry e"
                + " where e.scope_id = ? and e.feed_id = ? and not exists (select 1 from "
                + DIFF
                + " w where w.entry_value = e.entry_value and w.list_kind = e.list_kind)",
            scopeId,
            feedId);
        int[] gone = {0, 0};
        jdbc.query(
            "select count(*), count(*) filter (where enabled and (expires_at is null or"
                + " expires_at > ?)) from "
                + GONE,
            row -> {
              gone[0] = row.getInt(1);
              gone[1] = row.getInt(2);
            },
            at);
        deleted = gone[0];
        activeDeleted = gone[1];
      }

      if (created > 0) {
        stageIdBlocks(created);
      }
      audit(created, updated, deleted);
      if (created > 0) {
        jdbc.update(
            "insert into entry (id, scope_id, list_kind, value_type, entry_value, return_code,"
                + " reason, enabled, expires_at, source, created_by, created_at, updated_by,"
                + " updated_at, version, feed_id, sort_key) select "
                + NEW_ID
                + ", ?, d.list_kind, d.value_type, d.entry_value, d.return_code, d.reason, true,"
                + " d.expires_at, ?, ?, ?, ?, ?, 0, ?, d.sort_key from "
                + DIFF
                + " d join "
                + ID_BLOCKS
                + " b on b.block = d.n / "
                + ID_BLOCK
                + " where d.action = 'C'",
            scopeId,
            source.name(),
            actor.name(),
            at,
            actor.name(),
            at,
            feedId);
      }
      if (updated > 0) {
        jdbc.update(
            "update entry e set return_code = d.return_code, reason = d.reason, enabled = true,"
                + " expires_at = d.expires_at, updated_by = ?, updated_at = ?, version ="
                + " d.old_version + 1 from "
                + DIFF
                + " d where d.action = 'U' and e.id = d.old_id",
            actor.name(),
            at);
      }
      if (deleted > 0) {
        jdbc.update("delete from entry e using " + GONE + " g where e.id = g.id");
      }

      int removed = activeUpdated[0] + activeDeleted;
      int added = updated + created;
      if (removed + added > settings.maxListedChange()) {
        change.changedUnlisted(removed, added);
      } else if (removed + added > 0) {
        announce(scopeId, created > 0, activeDeleted > 0, at);
      }
      change.auditedElsewhere(created + updated + deleted);
      return new Counts(
          created,
          updated,
          actions.getOrDefault("N", 0),
          (int) (staged - distinct),
          actions.getOrDefault("K", 0),
          deleted);
    }

    /**
     * Reserves ids for {@code count} new entries, a block of {@value #ID_BLOCK} per value of the
     * sequence, and stages the blocks by number: new entry {@code n} gets an id of block {@code n /
     * 100} ({@link #NEW_ID}).
     */
    private void stageIdBlocks(int count) {
      int blocks = (count + ID_BLOCK - 1) / ID_BLOCK;
      List<Object[]> staged = new ArrayList<>(blocks);
      while (staged.size() < blocks) {
        for (long high : rows.nextValues("entry_id_seq", blocks - staged.size())) {
          // The sequence's very first value, 1, reserves only itself: left unused.
          if (high > 1) {
            staged.add(new Object[] {staged.size(), high});
          }
        }
      }
      rows.stage(ID_BLOCKS, List.of("block integer not null", "high bigint not null"), staged);
    }

    /** The audit records of the write: one event, its items made by the database. */
    private void audit(int created, int updated, int deleted) {
      Map<String, Integer> actions = new LinkedHashMap<>();
      actions.put("CREATE", created);
      actions.put("UPDATE", updated);
      actions.put("DELETE", deleted);
      String on = " on " + scope.displayName();
      String sourceName = source.name().toLowerCase(Locale.ROOT);
      List<String> parts = new ArrayList<>();
      List<Object> args = new ArrayList<>();
      if (updated > 0) {
        parts.add(
            "select 0 as g, d.batch as b, 0 as t, d.ord as k, 'UPDATE' as action, d.old_id as"
                + " object_id, lower(d.list_kind) || ' ' || d.entry_value || ? as summary, "
                + state(
                    "d.list_kind",
                    "d.entry_value",
                    "d.old_return_code",
                    "d.old_reason",
                    "d.old_expires_at",
                    "d.old_enabled",
                    "d.old_source")
                + " as before_state, "
                + state(
                    "d.list_kind",
                    "d.entry_value",
                    "d.return_code",
                    "d.reason",
                    "d.expires_at",
                    "true",
                    "d.old_source")
                + " as after_state from "
                + DIFF
                + " d where d.action = 'U'");
        args.add(on);
      }
      if (created > 0) {
        parts.add(
            "select 0 as g, d.batch as b, 1 as t, d.n as k, 'CREATE' as action, "
                + NEW_ID
                + " as object_id, lower(d.list_kind) || ' ' || d.entry_value || ? as summary,"
                + " null as before_state, "
                + state(
                    "d.list_kind",
                    "d.entry_value",
                    "d.return_code",
                    "d.reason",
                    "d.expires_at",
                    "true",
                    "?")
                + " as after_state from "
                + DIFF
                + " d join "
                + ID_BLOCKS
                + " b on b.block = d.n / "
                + ID_BLOCK
                + " where d.action = 'C'");
        args.add(on);
        args.add(source.name());
      }
      if (deleted > 0) {
        parts.add(
            "select 1 as g, 0 as b, 0 as t, "
                + (updated > 0 ? "g.id" : created + " + row_number() over (order by g.id) - 1")
                + " as k, 'DELETE' as action, g.id as object_id,"
                + " lower(g.list_kind) || ' ' || g.entry_value || ? as summary, "
                + state(
                    "g.list_kind",
                    "g.entry_value",
                    "g.return_code",
                    "g.reason",
                    "g.expires_at",
                    "g.enabled",
                    "g.source")
                + " as before_state, null as after_state from "
                + GONE
                + " g");
        args.add(on);
      }
      if (parts.isEmpty()) {
        return;
      }
      String select =
          "select "
              + itemNumber(updated)
              + " as item_no, r.action, r.object_id, r.summary, r.before_state, r.after_state"
              + " from ("
              + String.join(" union all ", parts)
              + ") r";
      AuditRecord like =
          new AuditRecord(
              change.now(),
              scope.accountId(),
              scope.label(),
              actor,
              sourceName,
              "CHANGE",
              "ENTRY",
              null,
              null,
              null,
              null);
      audit.recordSelected(like, actions, change.undoes(), select, args.toArray());
    }

    /**
     * SQL for an audit item's number ({@code item_no}) in the order (g, b, t, k) of the items the
     * write gives ({@link #audit}). With updates among them, the items are numbered by sorting them
     * all. Without, that order is already known: the new entries come first, in the order of their
     * number {@code n} (by batch, then by value), which is their {@code k}, then a feed's gone
     * entries, whose {@code k} is then numbered on from the new ones in the order of their ids; so
     * {@code k} is the item's number. This spares the sort of a million items with their states (an
     * import into an empty account), which went to disk.
     */
    private static String itemNumber(int updated) {
      return updated > 0 ? "row_number() over (order by r.g, r.b, r.t, r.k) - 1" : "r.k";
    }

    /**
     * Tells the change the entries that stopped and started answering, in the order the write batch
     * by batch tells them: per batch the updated entries, in the order given, then the new ones by
     * value; a feed's gone entries after all of them.
     */
    private void announce(long scopeId, boolean created, boolean gone, Timestamp at) {
      jdbc.query(
          "select d.old_id, d.list_kind, d.value_type, d.entry_value, d.old_return_code,"
              + " d.old_reason, d.expires_at from "
              + DIFF
              + " d where d.action = 'U' and d.old_enabled and (d.old_expires_at is null or"
              + " d.old_expires_at > ?) order by d.batch, d.ord",
          row -> {
            change.removed(active(row, scopeId, true));
          },
          at);
      if (gone) {
        jdbc.query(
            "select g.id, g.list_kind, g.value_type, g.entry_value, g.return_code, g.reason,"
                + " null from "
                + GONE
                + " g where g.enabled and (g.expires_at is null or g.expires_at > ?) order by"
                + " g.id",
            row -> {
              change.removed(active(row, scopeId, false));
            },
            at);
      }
      String added =
          "select d.old_id as id, d.batch, 0 as t, d.ord as k, d.list_kind, d.value_type,"
              + " d.entry_value, d.return_code, d.reason, d.expires_at from "
              + DIFF
              + " d where d.action = 'U'";
      if (created) {
        added +=
            " union all select "
                + NEW_ID
                + ", d.batch, 1, d.n, d.list_kind, d.value_type, d.entry_value, d.return_code,"
                + " d.reason, d.expires_at from "
                + DIFF
                + " d join "
                + ID_BLOCKS
                + " b on b.block = d.n / "
                + ID_BLOCK
                + " where d.action = 'C'";
      }
      jdbc.query(
          "select r.id, r.list_kind, r.value_type, r.entry_value, r.return_code, r.reason,"
              + " r.expires_at from ("
              + added
              + ") r order by r.batch, r.t, r.k",
          row -> {
            change.added(active(row, scopeId, true));
          });
    }

    /**
     * An entry as DNS answers it, from (id, list, type, value, return code, reason, expiry): the
     * list's default return code where it has none.
     */
    private ActiveEntry active(ResultSet row, long scopeId, boolean expiry) throws SQLException {
      ListKind kind = ListKind.valueOf(row.getString(2));
      ValueType type = ValueType.valueOf(row.getString(3));
      EntryValue value = EntryValue.parseStored(type, row.getString(4));
      int code = row.getInt(5);
      int returnCode = row.wasNull() ? settings.defaultReturnCode(kind, type) : code;
      Timestamp expires = expiry ? row.getTimestamp(7) : null;
      return new ActiveEntry(
          row.getLong(1),
          scopeId,
          kind,
          value,
          returnCode,
          row.getString(6),
          expires == null ? null : expires.toInstant());
    }
  }

  /** The id of new entry {@code d.n}, in its block {@code b} of the id blocks. */
  private static final String NEW_ID = "b.high - " + (ID_BLOCK - 1) + " + d.n % " + ID_BLOCK;

  /**
   * SQL for an entry's state as the JSON {@link EntryStates#json} writes, from column expressions:
   * the same fields in the same order, text escaped by {@code to_json} (reasons and values are
   * printable ASCII, where the two escape alike), the return code as a dotted address and the
   * expiry as {@link Instant#toString} writes it (no fraction, or 3 or 6 digits of one).
   */
  static String state(
      String kind,
      String value,
      String returnCode,
      String reason,
      String expiresAt,
      String enabled,
      String source) {
    return "('{\"list\":\"' || lower("
        + kind
        + ") || '\",\"value\":' || to_json(("
        + value
        + ")::text)::text || ',\"returnCode\":' || coalesce('\"' || "
        + dotted(returnCode)
        + " || '\"', 'null') || ',\"reason\":' || coalesce(to_json(("
        + reason
        + ")::text)::text, 'null') || ',\"expiresAt\":' || coalesce('\"' || "
        + iso(expiresAt)
        + " || '\"', 'null') || ',\"enabled\":' || case when "
        + enabled
        + " then 'true' else 'false' end || ',\"source\":\"' || lower("
        + source
        + ") || '\"}')";
  }

  /** SQL for an integer return code as {@code 127.0.0.2}; null for null. */
  private static String dotted(String code) {
    return "(((("
        + code
        + ") >> 24) & 255)::text || '.' || ((("
        + code
        + ") >> 16) & 255)::text || '.' || ((("
        + code
        + ") >> 8) & 255)::text || '.' || (("
        + code
        + ") & 255)::text)";
  }

  /** SQL for a moment as {@link Instant#toString} writes it; null for null. */
  private static String iso(String at) {
    String micros =
        "(extract(microseconds from (" + at + ") at time zone 'UTC')::bigint % 1000000)";
    return "(to_char(("
        + at
        + ") at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS') || case when "
        + micros
        + " = 0 then '' when "
        + micros
        + " % 1000 = 0 then '.' || lpad(("
        + micros
        + " / 1000)::text, 3, '0') else '.' || lpad("
        + micros
        + "::text, 6, '0') end || 'Z')";
  }
}
