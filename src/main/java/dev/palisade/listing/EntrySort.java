package dev.palisade.listing;

/**
 * Orders of a scope's entries that the database can follow along an index (see migration V4), so a
 * page costs the same whatever the scope's size.
 */
public enum EntrySort {
  /** Most recently created first (by id). */
  NEWEST("id", false),
  /** Oldest first. */
  OLDEST("id", true),
  /** By value, as text. */
  VALUE("value", true),
  /** Soonest expiry first. */
  EXPIRES("expiresAt", true),
  /** Most recently changed first. */
  UPDATED("updatedAt", false);

  final String attribute;
  final boolean ascending;

  EntrySort(String attribute, boolean ascending) {
    this.attribute = attribute;
    this.ascending = ascending;
  }
}
