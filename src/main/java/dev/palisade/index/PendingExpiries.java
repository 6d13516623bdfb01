package dev.palisade.index;

import dev.palisade.listing.ActiveEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The entries of an index that have an expiry, by the moment they stop answering, so the index
 * removes them then by itself ({@link LiveIndex#expire}), on every node and whether or not the
 * database can be reached. An entry removed or replaced before its time is forgotten at once in the
 * map and lazily in the queue.
 *
 * @implNote Not thread-safe: owned by {@link LiveIndex} under its writer lock, or by a loader.
 */
final class PendingExpiries {

  /** One entry and the epoch millisecond it expires at. */
  record Pending(long at, ActiveEntry entry) {}

  private final PriorityQueue<Pending> queue =
      new PriorityQueue<>((a, b) -> Long.compare(a.at, b.at));

  /** The pending expiry of each entry id; a queued one not in here is stale. */
  private final Map<Long, Pending> byId = new HashMap<>();

  /** An entry now answers: its expiry, if it has one, replaces whatever its id had. */
  void added(ActiveEntry entry) {
    if (entry.expiresAt() == null) {
      byId.remove(entry.id());
      return;
    }
    Pending pending = new Pending(entry.expiresAt().toEpochMilli(), entry);
    byId.put(entry.id(), pending);
    queue.add(pending);
    if (queue.size() > 2 * byId.size() + 1024) {
      // Entries replaced over and over leave stale items behind: keep the queue bounded.
      queue.clear();
      queue.addAll(byId.values());
    }
  }

  /** An entry no longer answers. */
  void removed(ActiveEntry entry) {
    byId.remove(entry.id());
  }

  /** Forgets the expiries of one scope's entries (its entries are being replaced). */
  void forgetScope(long scopeId) {
    byId.values().removeIf(pending -> pending.entry.scopeId() == scopeId);
  }

  /** Takes the entries due at {@code nowMillis} or before, earliest first. */
  List<ActiveEntry> due(long nowMillis) {
    List<ActiveEntry> due = new ArrayList<>();
    while (!queue.isEmpty() && queue.peek().at <= nowMillis) {
      Pending head = queue.poll();
      if (byId.get(head.entry.id()) == head) {
        byId.remove(head.entry.id());
        due.add(head.entry);
      }
    }
    return due;
  }

  /** The epoch millisecond of the next expiry, {@link Long#MAX_VALUE} for none. */
  long next() {
    while (!queue.isEmpty() && byId.get(queue.peek().entry.id()) != queue.peek()) {
      queue.poll(); // stale
    }
    return queue.isEmpty() ? Long.MAX_VALUE : queue.peek().at;
  }

  /** The pending expiries of each scope, for saving them with its tables. */
  Map<Long, List<ActiveEntry>> byScope() {
    Map<Long, List<ActiveEntry>> scopes = new HashMap<>();
    for (Pending pending : byId.values()) {
      scopes.computeIfAbsent(pending.entry.scopeId(), id -> new ArrayList<>()).add(pending.entry);
    }
    return scopes;
  }

  /** How many entries are waiting for their expiry. */
  int size() {
    return byId.size();
  }
}
