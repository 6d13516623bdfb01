package dev.palisade.imports;

/**
 * Told how far a long import got, on the importing thread. Stored batch by batch (H2), it hears
 * {@link #stored} after each batch. On PostgreSQL the entries are first read into the database
 * ({@link #staged}), then stored all at once by statements that tell no count until they end
 * ({@link #storing}), and then {@link #stored} is told once, with every entry.
 */
@FunctionalInterface
public interface ImportProgress {

  /** Progress that nobody follows. */
  ImportProgress NONE = (stored, total) -> {};

  /**
   * @param stored entries stored so far (in the import's transaction: visible when it commits)
   * @param total entries the inputs hold, as checked
   */
  void stored(long stored, long total);

  /**
   * @param staged entries read so far into the database's work table; none of them is stored yet
   * @param total entries the inputs hold, as checked
   */
  default void staged(long staged, long total) {}

  /**
   * Every entry is in the database's work table and the database is storing them all at once,
   * telling no count until it ends.
   *
   * @param total entries the inputs hold, as checked
   */
  default void storing(long total) {}
}
