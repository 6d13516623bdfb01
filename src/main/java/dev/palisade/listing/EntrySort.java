package dev.palisade.listing;

import java.util.function.Function;

/**
 * Orders of a scope's entries that the database follows along an index on {@code (scope_id, column,
 * tie)} (migrations V5, V7 and V21_1), so a page costs the same whatever the scope's size; all but
 * the orders by hits, which have no such index (see {@link #HITS}). Ties are broken by id, in the
 * order's direction, except by value: a value appears at most once per list in a scope, so its ties
 * are broken by list, and the unique (scope_id, entry_value, list_kind) index serves that order
 * without an index of its own. Entries without a value for the column (no expiry) come last; by
 * hits, the entries never hit are a range of their own, ordered by id, first when fewest hits lead.
 */
public enum EntrySort {
  /** Most recently created first (by id). */
  NEWEST("id", false, false, Entry::getId, "id", Entry::getId),
  /** Oldest first. */
  OLDEST("id", true, false, Entry::getId, "id", Entry::getId),
  /**
   * By value: addresses in numeric order ({@code .2} before {@code .10}), IPv4, then IPv6, then
   * domains ({@link EntrySortKey}); a value on both lists: allow before block.
   */
  VALUE("sortKey", true, false, Entry::getSortKey, "kind", Entry::getKind),
  /** Soonest expiry first; entries that never expire last. */
  EXPIRES("expiresAt", true, true, Entry::getExpiresAt, "id", Entry::getId),
  /** Most recently changed first. */
  UPDATED("updatedAt", false, false, Entry::getUpdatedAt, "id", Entry::getId),
  /**
   * Fewest hits first: the entries that never decided an answer lead. Hits live in the statistics'
   * table ({@link EntryHitCount}), so this order is read in two ranges: the entries without hits by
   * id, along the index on (scope_id, id), and the entries with hits joined to their counters,
   * along the index on (hits, entry_id) (migration V24); neither computes every entry's count.
   */
  HITS("hits", true, true, Entry::getHits, "id", Entry::getId),
  /** Most hits first; the entries never hit last. */
  MOST_HITS("hits", false, true, Entry::getHits, "id", Entry::getId);

  final String attribute;
  final boolean ascending;
  final boolean nullable;
  private final Function<Entry, Comparable<?>> key;

  /** The attribute that orders entries tied on {@link #attribute}: unique with it in a scope. */
  final String tie;

  private final Function<Entry, Comparable<?>> tieKey;

  EntrySort(
      String attribute,
      boolean ascending,
      boolean nullable,
      Function<Entry, Comparable<?>> key,
      String tie,
      Function<Entry, Comparable<?>> tieKey) {
    this.attribute = attribute;
    this.ascending = ascending;
    this.nullable = nullable;
    this.key = key;
    this.tie = tie;
    this.tieKey = tieKey;
  }

  /** Whether the order is by the hit counts of the statistics. */
  boolean byHits() {
    return this == HITS || this == MOST_HITS;
  }

  /** Whether the entry has a value for the column: an expiry, or (by hits) at least one hit. */
  boolean hasKey(Entry entry) {
    if (!nullable) {
      return true;
    }
    return byHits() ? entry.getHits() > 0 : keyOf(entry) != null;
  }

  /**
   * Whether the entries without a value for the column come first when reading in the given
   * direction: never-hit entries are the fewest hits, entries that never expire the latest expiry.
   */
  boolean keylessFirst(boolean ascending) {
    return byHits() == ascending;
  }

  /** Whether the order is by id alone. */
  boolean byId() {
    return attribute.equals("id");
  }

  /** The entry's value of the sorted column; null for an entry without one. */
  Comparable<?> keyOf(Entry entry) {
    return key.apply(entry);
  }

  /** The entry's value of the {@link #tie} attribute. */
  Comparable<?> tieOf(Entry entry) {
    return tieKey.apply(entry);
  }
}
