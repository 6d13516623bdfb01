package dev.palisade.listing;

import dev.palisade.dnsbl.ListKind;
import dev.palisade.dnsbl.ValueType;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * How many active entries each scope has per list and type, for the dashboard, without counting the
 * scope's entries on every view: a scope is counted once, when first asked, and from then on kept
 * current from the committed changes {@link Listings} announces — the same changes that keep DNS
 * current, so the numbers are what DNS answers.
 *
 * <p>The count and the changes meet by serial: the count statement also reads the scope's serial,
 * which every write raises in its own transaction; changes announced while the count runs wait, and
 * only those with a higher serial are applied to it. Entries whose expiry passed shortly before the
 * count are not counted, but their expiry may be announced after it (the expiry job runs every
 * second or so): their ids are kept for {@link #RECENT_EXPIRY} so that announcement is not
 * subtracted twice.
 *
 * <p>Thread-safe.
 */
@Service
public class ActiveCounts {

  /** Longer than the expiry job ever lags behind the clock. */
  static final Duration RECENT_EXPIRY = Duration.ofMinutes(10);

  private final JdbcTemplate jdbc;
  private final Clock clock;
  private final Map<Long, ScopeCount> scopes = new ConcurrentHashMap<>();

  ActiveCounts(JdbcTemplate jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** The scope's active entries per list and type: keys like {@code BLOCK IPV4}. */
  public Map<String, Long> of(long scopeId) {
    ScopeCount scope = scopes.computeIfAbsent(scopeId, id -> new ScopeCount());
    scope.loading.lock();
    try {
      if (!scope.isReady()) {
        load(scopeId, scope);
      }
    } finally {
      scope.loading.unlock();
    }
    return scope.counts();
  }

  @TransactionalEventListener
  void on(EntriesChanged change) {
    ScopeCount scope = scopes.get(change.scopeId());
    if (scope != null) {
      scope.offer(change, clock.instant());
    }
  }

  private void load(long scopeId, ScopeCount scope) {
    Instant now = clock.instant();
    Set<Long> recentlyExpired =
        new HashSet<>(
            jdbc.queryForList(
                "select id from entry where scope_id = ? and enabled = true"
                    + " and expires_at > ? and expires_at <= ?",
                Long.class,
                scopeId,
                Timestamp.from(now.minus(RECENT_EXPIRY)),
                Timestamp.from(now)));
    long[] counts = new long[ScopeCount.SLOTS];
    long[] serial = {-1};
    // One statement, so the counts and the serial come from the same snapshot.
    jdbc.query(
        "select s.serial, e.list_kind, e.value_type, count(e.id) from scope s"
            + " left join entry e on e.scope_id = s.id and e.enabled = true"
            + " and (e.expires_at is null or e.expires_at > ?)"
            + " where s.id = ? group by s.serial, e.list_kind, e.value_type",
        row -> {
          serial[0] = row.getLong(1);
          String kind = row.getString(2);
          if (kind != null) {
            counts[ScopeCount.slot(ListKind.valueOf(kind), ValueType.valueOf(row.getString(3)))] =
                row.getLong(4);
          }
        },
        Timestamp.from(now),
        scopeId);
    scope.install(serial[0], counts, recentlyExpired, now.plus(RECENT_EXPIRY));
  }

  /** One scope's counts, or the changes waiting for them while they are being counted. */
  private static final class ScopeCount {

    static final int SLOTS = ListKind.values().length * ValueType.values().length;

    /** Held while counting, so concurrent first views count once. */
    final ReentrantLock loading = new ReentrantLock();

    // Guarded by this.
    private boolean ready;
    private long serial;
    private final long[] counts = new long[SLOTS];
    private final List<EntriesChanged> waiting = new ArrayList<>();
    private Set<Long> recentlyExpired = Set.of();
    private Instant forgetExpiredAt = Instant.MIN;

    static int slot(ListKind kind, ValueType type) {
      return kind.ordinal() * ValueType.values().length + type.ordinal();
    }

    synchronized boolean isReady() {
      return ready;
    }

    synchronized void install(long serial, long[] counted, Set<Long> expired, Instant forgetAt) {
      this.serial = serial;
      System.arraycopy(counted, 0, counts, 0, SLOTS);
      this.recentlyExpired = expired;
      this.forgetExpiredAt = forgetAt;
      ready = true;
      waiting.forEach(change -> apply(change, Instant.MIN));
      waiting.clear();
    }

    synchronized void offer(EntriesChanged change, Instant now) {
      if (ready) {
        apply(change, now);
      } else {
        waiting.add(change);
      }
    }

    private void apply(EntriesChanged change, Instant now) {
      if (change.serial() <= serial) {
        return; // already in the count
      }
      serial = change.serial();
      if (now.isAfter(forgetExpiredAt)) {
        recentlyExpired = Set.of();
      }
      for (ActiveEntry entry : change.removed()) {
        if (!recentlyExpired.isEmpty() && recentlyExpired.remove(entry.id())) {
          continue; // expired before the count, so never counted
        }
        counts[slot(entry.kind(), entry.value().type())]--;
      }
      for (ActiveEntry entry : change.added()) {
        if (!recentlyExpired.isEmpty()) {
          recentlyExpired.remove(entry.id()); // listed again: its next removal counts
        }
        counts[slot(entry.kind(), entry.value().type())]++;
      }
    }

    synchronized Map<String, Long> counts() {
      Map<String, Long> byKey = new LinkedHashMap<>();
      for (ListKind kind : ListKind.values()) {
        for (ValueType type : ValueType.values()) {
          long count = counts[slot(kind, type)];
          if (count != 0) {
            byKey.put(kind + " " + type, count);
          }
        }
      }
      return byKey;
    }
  }
}
