package dev.palisade.listing;

import java.util.function.Function;

/**
 * Orders of a scope's entries that the database follows along an index on {@code (scope_id, column,
 * id)} (migrations V4 and V5), so a page costs the same whatever the scope's size. Ties are broken
 * by id, in the order's direction; entries without a value for the column (no expiry) come last.
 */
public enum EntrySort {
  /** Most recently created first (by id). */
  NEWEST("id", false, false, Entry::getId),
  /** Oldest first. */
  OLDEST("id", true, false, Entry::getId),
  /** By value, as text. */
  VALUE("value", true, false, Entry::getValue),
  /** Soonest expiry first; entries that never expire last. */
  EXPIRES("expiresAt", true, true, Entry::getExpiresAt),
  /** Most recently changed first. */
  UPDATED("updatedAt", false, false, Entry::getUpdatedAt);

  final String attribute;
  final boolean ascending;
  final boolean nullable;
  private final Function<Entry, Comparable<?>> key;

  EntrySort(
      String attribute, boolean ascending, boolean nullable, Function<Entry, Comparable<?>> key) {
    this.attribute = attribute;
    this.ascending = ascending;
    this.nullable = nullable;
    this.key = key;
  }

  /** Whether the order is by id alone. */
  boolean byId() {
    return attribute.equals("id");
  }

  /** The entry's value of the sorted column; null for an entry without one. */
  Comparable<?> keyOf(Entry entry) {
    return key.apply(entry);
  }
}
