package dev.palisade.stats;

import dev.palisade.account.Accounts;
import dev.palisade.account.ScopeInfo;
import dev.palisade.index.LiveIndex;
import dev.palisade.index.Verdict;
import dev.palisade.index.ZoneView;
import dev.palisade.listing.ListKind;
import jakarta.annotation.PreDestroy;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Counts how often each entry decided a listed answer, and when it last did, in {@code entry_hit}.
 *
 * <p>The DNS path only drops the names of listed answers into the fixed ring of {@link
 * ZoneCounters}. Four times a second {@link #collect()} empties the ring into counts per distinct
 * name; every {@code palisade.stats.flush-interval} {@link #flush()} asks the current index which
 * entry wins each name — the same rule DNS applied — looks the winners' ids up in one query per 500
 * values, and adds counts and last-hit times in one batch.
 *
 * <p>Approximate by design: hits are dropped when more than the ring holds arrive between two
 * collections (logged), names whose winner changed or vanished between the answer and the flush
 * count for the new winner or for none, and RFC 5782 test points count for no entry. Counts of
 * several nodes sharing a database add up. Thread-safe: both jobs hold this object's monitor.
 */
@Component
public class EntryHits {

  private static final Logger log = LoggerFactory.getLogger(EntryHits.class);

  /** Distinct names kept between two flushes; beyond, hits are dropped like a full ring. */
  static final int MAX_NAMES = 100_000;

  private static final int LOOKUP_CHUNK = 500;

  private final ZoneCounters counters;
  private final LiveIndex index;
  private final Accounts accounts;
  private final JdbcTemplate jdbc;

  /** Hits per queried name since the last flush; guarded by this. */
  private Map<Name, Tally> pending = new HashMap<>();

  private long dropped;

  EntryHits(ZoneCounters counters, LiveIndex index, Accounts accounts, JdbcTemplate jdbc) {
    this.counters = counters;
    this.index = index;
    this.accounts = accounts;
    this.jdbc = jdbc;
  }

  /** A queried name under one zone: the scope label, list index and the labels before the zone. */
  record Name(String label, int list, String subject) {}

  /** The entry a name resolved to. */
  private record Winner(long scopeId, ListKind kind, String value) {}

  /** Hits and the latest hit time, in milliseconds. */
  private static final class Tally {
    long hits;
    long last;

    void add(long count, long at) {
      hits += count;
      last = Math.max(last, at);
    }
  }

  /** Empties the DNS path's ring into the pending counts. */
  @Scheduled(fixedDelay = 250, initialDelay = 250)
  public synchronized void collect() {
    counters.drainHits(
        (label, list, subject, from, length, millis) -> {
          Name name = new Name(label, list, text(subject, from, length));
          Tally tally = pending.get(name);
          if (tally == null) {
            if (pending.size() >= MAX_NAMES) {
              dropped++;
              return;
            }
            tally = new Tally();
            pending.put(name, tally);
          }
          tally.add(1, millis);
        });
  }

  /** Attributes the pending hits to their entries and adds them to {@code entry_hit}. */
  @Scheduled(
      fixedDelayString = "${palisade.stats.flush-interval:60s}",
      initialDelayString = "${palisade.stats.flush-interval:60s}")
  public synchronized void flush() {
    collect();
    long lost = dropped + counters.droppedHits();
    dropped = 0;
    if (lost > 0) {
      log.info(
          "{} listed answers were not attributed to entries: more than the hit ring held", lost);
    }
    if (pending.isEmpty()) {
      return;
    }
    Map<Name, Tally> names = pending;
    pending = new HashMap<>();
    Map<Winner, Tally> winners = resolve(names);
    Map<Long, Tally> byId = ids(winners);
    write(byId);
  }

  private Map<Winner, Tally> resolve(Map<Name, Tally> names) {
    Map<String, ScopeInfo> scopes = new HashMap<>();
    for (ScopeInfo scope : accounts.allScopes()) {
      scopes.put(scope.label(), scope);
    }
    var snapshot = index.snapshot();
    Map<Winner, Tally> winners = new HashMap<>();
    names.forEach(
        (name, tally) -> {
          ScopeInfo scope = scopes.get(name.label());
          ZoneView zone = snapshot.zone(name.label());
          if (scope == null || zone == null) {
            return;
          }
          Verdict verdict = winner(zone, name);
          ListKind wanted = name.list() % 2 == 0 ? ListKind.BLOCK : ListKind.ALLOW;
          if (verdict == null || verdict.kind() != wanted) {
            return;
          }
          long scopeId =
              verdict.serverEntry() || scope.accountScopeId() == null
                  ? scope.id()
                  : scope.accountScopeId();
          winners
              .computeIfAbsent(
                  new Winner(scopeId, verdict.kind(), verdict.matched().canonical()),
                  w -> new Tally())
              .add(tally.hits, tally.last);
        });
    return winners;
  }

  /**
   * The entry the index picks for a name, or null for none and for RFC 5782 test points, which
   * answer without an entry.
   */
  static Verdict winner(ZoneView zone, Name name) {
    String[] labels = name.subject().split("\\.", -1);
    if (name.list() >= 2) {
      return name.subject().equals("test") ? null : zone.domain(name.subject());
    }
    if (labels.length == 4) {
      int address = 0;
      for (int i = 3; i >= 0; i--) {
        int octet = octet(labels[i]);
        if (octet < 0) {
          return null;
        }
        address = (address << 8) | octet;
      }
      return address == 0x7f000002 ? null : zone.ip4(address);
    }
    if (labels.length == 32) {
      long high = 0;
      long low = 0;
      for (int i = 31; i >= 0; i--) {
        int nibble = labels[i].length() == 1 ? Character.digit(labels[i].charAt(0), 16) : -1;
        if (nibble < 0) {
          return null;
        }
        if (i >= 16) {
          high = (high << 4) | nibble;
        } else {
          low = (low << 4) | nibble;
        }
      }
      return high == 0 && low == 0xffff7f000002L ? null : zone.ip6(high, low);
    }
    return null;
  }

  private static int octet(String label) {
    if (label.isEmpty() || label.length() > 3 || (label.length() > 1 && label.charAt(0) == '0')) {
      return -1;
    }
    int value = 0;
    for (int i = 0; i < label.length(); i++) {
      char c = label.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value > 255 ? -1 : value;
  }

  /** The winners' entry ids, by value (the indexed column), a chunk of values per query. */
  private Map<Long, Tally> ids(Map<Winner, Tally> winners) {
    Map<Long, Tally> byId = new HashMap<>();
    List<String> values = winners.keySet().stream().map(Winner::value).distinct().toList();
    for (int from = 0; from < values.size(); from += LOOKUP_CHUNK) {
      List<String> chunk = values.subList(from, Math.min(values.size(), from + LOOKUP_CHUNK));
      jdbc.query(
          "select id, scope_id, list_kind, entry_value from entry where entry_value in ("
              + String.join(",", Collections.nCopies(chunk.size(), "?"))
              + ")",
          row -> {
            Tally tally =
                winners.get(
                    new Winner(
                        row.getLong(2), ListKind.valueOf(row.getString(3)), row.getString(4)));
            if (tally != null) {
              byId.put(row.getLong(1), tally);
            }
          },
          chunk.toArray());
    }
    return byId;
  }

  /** Adds to existing rows in one batch, then inserts the rows of first hits. */
  private void write(Map<Long, Tally> byId) {
    if (byId.isEmpty()) {
      return;
    }
    List<Long> ids = new ArrayList<>(byId.keySet());
    List<Object[]> updates = new ArrayList<>(ids.size());
    for (Long id : ids) {
      Tally tally = byId.get(id);
      Timestamp last = Timestamp.from(Instant.ofEpochMilli(tally.last));
      updates.add(new Object[] {tally.hits, last, id});
    }
    int[] updated =
        jdbc.batchUpdate(
            "update entry_hit set hits = hits + ?,"
                + " last_hit_at = greatest(last_hit_at, cast(? as timestamp with time zone))"
                + " where entry_id = ?",
            updates);
    for (int i = 0; i < ids.size(); i++) {
      if (updated[i] == 0) {
        Object[] row = updates.get(i);
        try {
          jdbc.update(
              "insert into entry_hit (entry_id, hits, last_hit_at) values (?, ?, ?)",
              ids.get(i),
              row[0],
              row[1]);
        } catch (DataIntegrityViolationException e) {
          // The entry was deleted meanwhile, or another node inserted the row: add to it.
          jdbc.update(
              "update entry_hit set hits = hits + ? where entry_id = ?", row[0], ids.get(i));
        }
      }
    }
  }

  /** Writes what was collected, so a restart loses little. */
  @PreDestroy
  void flushOnShutdown() {
    try {
      flush();
    } catch (RuntimeException e) {
      log.warn("entry hits of the last minute were not saved: {}", e.toString());
    }
  }

  /** The labels of a wire name, dotted, lower-case ASCII. */
  private static String text(byte[] wire, int from, int length) {
    StringBuilder out = new StringBuilder(length);
    int at = from;
    int end = from + length;
    while (at < end) {
      int label = wire[at] & 0xff;
      if (out.length() > 0) {
        out.append('.');
      }
      for (int i = 1; i <= label && at + i < end; i++) {
        int c = wire[at + i] & 0xff;
        out.append((char) (c >= 'A' && c <= 'Z' ? c + 32 : c));
      }
      at += 1 + label;
    }
    return out.toString();
  }
}
