package dev.palisade.stats;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads the stored query statistics for the dashboard: hourly queries and hits of a set of zones.
 * Counts not yet flushed (at most one flush interval) are not included. Thread-safe.
 */
@Service
public class QueryStats {

  private final JdbcTemplate jdbc;

  QueryStats(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** One hour of traffic. */
  public record Hour(Instant start, long queries, long hits) {}

  /** The traffic of one zone over a period. */
  public record ZoneTotal(String zone, long queries, long hits) {}

  /**
   * An entry that decided listed answers.
   *
   * @param entryId the entry
   * @param scopeId its scope
   * @param kind {@code BLOCK} or {@code ALLOW}
   * @param value its value
   * @param hits listed answers it decided, as flushed
   * @param lastHit when it last did
   */
  public record EntryHit(
      long entryId, long scopeId, String kind, String value, long hits, Instant lastHit) {}

  /**
   * The most-hit entries of the given scopes, most hits first.
   *
   * <p>Walks the hit counters, not the scopes' entries: only entries that were ever hit have a
   * counter, a handful next to the million entries an account may hold, and joining from the
   * entries made the dashboard read the whole account on every view. The inner query picks the
   * winners by id; their values are read for those few rows only.
   */
  @Transactional(readOnly = true)
  public List<EntryHit> topEntries(Collection<Long> scopeIds, int limit) {
    if (scopeIds.isEmpty()) {
      return List.of();
    }
    List<Object> args = new ArrayList<>(scopeIds);
    args.add(limit);
    return jdbc.query(
        "select t.entry_id, e.scope_id, e.list_kind, e.entry_value, t.hits, t.last_hit_at from"
            + " (select h.entry_id, h.hits, h.last_hit_at from entry_hit h where exists"
            + " (select 1 from entry s where s.id = h.entry_id and s.scope_id in ("
            + String.join(",", Collections.nCopies(scopeIds.size(), "?"))
            + ")) order by h.hits desc, h.entry_id limit ?) t"
            + " join entry e on e.id = t.entry_id order by t.hits desc, t.entry_id",
        QueryStats::entryHit,
        args.toArray());
  }

  /** Hits and last hit of the given entries (a page of a table), by entry id; none for unhit. */
  @Transactional(readOnly = true)
  public Map<Long, EntryHit> hits(Collection<Long> entryIds) {
    if (entryIds.isEmpty()) {
      return Map.of();
    }
    Map<Long, EntryHit> hits = new HashMap<>();
    jdbc.query(
        "select h.entry_id, 0, '', '', h.hits, h.last_hit_at from entry_hit h where h.entry_id in ("
            + String.join(",", Collections.nCopies(entryIds.size(), "?"))
            + ")",
        row -> {
          EntryHit hit = entryHit(row, 0);
          hits.put(hit.entryId(), hit);
        },
        entryIds.toArray());
    return hits;
  }

  private static EntryHit entryHit(java.sql.ResultSet row, int n) throws java.sql.SQLException {
    return new EntryHit(
        row.getLong(1),
        row.getLong(2),
        row.getString(3),
        row.getString(4),
        row.getLong(5),
        row.getTimestamp(6).toInstant());
  }

  /**
   * Queries and hits per zone ({@code <label>.<list>}) of the given labels since a moment, busiest
   * first.
   */
  @Transactional(readOnly = true)
  public List<ZoneTotal> perZone(Collection<String> labels, Instant since) {
    if (labels.isEmpty()) {
      return List.of();
    }
    List<Object> args = new ArrayList<>(labels);
    args.add(Timestamp.from(since));
    return jdbc.query(
        "select zone_label, list_name, sum(queries), sum(hits) from zone_query_stats"
            + " where zone_label in ("
            + String.join(",", Collections.nCopies(labels.size(), "?"))
            + ") and minute_start >= ? group by zone_label, list_name order by sum(queries) desc",
        (row, n) ->
            new ZoneTotal(
                row.getString(1) + "." + row.getString(2), row.getLong(3), row.getLong(4)),
        args.toArray());
  }

  /**
   * The traffic of the given zone labels over the last {@code hours} hours ending with the hour of
   * {@code now}, one element per hour, oldest first, zeros where nothing was counted.
   *
   * <p>The database sums the minutes into hours (at most {@code hours} rows come back): the rows
   * are kept per zone and minute, so 35 days of one mail server's zones are hundreds of thousands
   * of rows, which were read one by one to be added up here.
   */
  @Transactional(readOnly = true)
  public List<Hour> hourly(Collection<String> labels, Instant now, int hours) {
    Instant last = now.truncatedTo(ChronoUnit.HOURS);
    Instant first = last.minus(Duration.ofHours(hours - 1L));
    long[] queries = new long[hours];
    long[] hits = new long[hours];
    if (!labels.isEmpty()) {
      List<Object> args = new ArrayList<>(labels);
      args.add(Timestamp.from(first));
      args.add(Timestamp.from(last.plus(Duration.ofHours(1))));
      long firstHour = first.getEpochSecond() / 3600;
      jdbc.query(
          "select slot, sum(queries), sum(hits) from (select floor(extract(epoch from"
              + " minute_start) / 3600) slot, queries, hits from zone_query_stats"
              + " where zone_label in ("
              + String.join(",", Collections.nCopies(labels.size(), "?"))
              + ") and minute_start >= ? and minute_start < ?) t group by slot",
          row -> {
            int index = (int) (row.getLong(1) - firstHour);
            if (index >= 0 && index < hours) {
              queries[index] += row.getLong(2);
              hits[index] += row.getLong(3);
            }
          },
          args.toArray());
    }
    List<Hour> series = new ArrayList<>(hours);
    for (int i = 0; i < hours; i++) {
      series.add(new Hour(first.plus(Duration.ofHours(i)), queries[i], hits[i]));
    }
    return series;
  }
}
