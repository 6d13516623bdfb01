package dev.palisade.listing;

/**
 * Told how far a streamed bulk write ({@link Listings#upsertAll}, {@link Listings#syncFeed}) got,
 * on the writing thread. Stored batch by batch (H2), it hears {@link #stored} after each batch. Set
 * based (PostgreSQL, {@link StagedUpserts}), the drafts are first read into the database's work
 * table, which tells {@link #staged}, then stored all at once by a few statements that tell nothing
 * until they end: {@link #storing} before them, {@link #stored} with every draft after them.
 */
@FunctionalInterface
public interface WriteProgress {

  /** Progress that nobody follows. */
  WriteProgress NONE = done -> {};

  /**
   * @param done drafts stored so far (in the write's transaction, or in its committed parts)
   */
  void stored(long done);

  /**
   * @param done drafts read so far into the database's work table; none of them is stored yet
   */
  default void staged(long done) {}

  /**
   * Every draft is in the work table, and the database now stores them all at once: it compares
   * them with the stored entries, writes and audits the difference, and tells no count until it
   * ends.
   *
   * @param done the drafts it stores
   */
  default void storing(long done) {}
}
